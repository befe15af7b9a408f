import numpy as np

from qa.vectors import DenseIndex, recall_at_k


def clustered(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, dim))
    x = centres[rng.integers(0, 50, n)] + 0.3 * rng.normal(size=(n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_exact_index_matches_numpy_brute_force() -> None:
    x = clustered(500, 32)
    index = DenseIndex.build(x)
    assert index.info.kind == "flat-ip"
    for q in x[:20]:
        ids, scores = index.search(q, 10)
        truth = np.argsort(-(x @ q), kind="stable")[:10]
        assert np.allclose(scores, (x @ q)[truth], atol=1e-5)
        assert set(ids) == set(truth) or np.allclose(np.sort(scores), np.sort((x @ q)[truth]), atol=1e-5)


def test_no_padding_ids_when_k_exceeds_size() -> None:
    index = DenseIndex.build(clustered(3, 8))
    ids, scores = index.search(clustered(1, 8, seed=1)[0], 10)
    assert len(ids) == 3 and (ids >= 0).all() and len(scores) == 3


def test_approximate_index_above_threshold_keeps_recall() -> None:
    x = clustered(3000, 32)
    index = DenseIndex.build(x, exact_limit=1000)
    assert index.info.kind == "hnsw"
    assert index.info.recall_at_10 >= 0.95
    # measured independently on other queries
    queries = clustered(200, 32, seed=7)
    truth = np.argsort(-(queries @ x.T), axis=1)[:, :10]
    found = np.array([index.search(q, 10)[0] for q in queries])
    assert recall_at_k(truth, found) >= 0.95


def test_recall_at_k() -> None:
    assert recall_at_k(np.array([[1, 2], [3, 4]]), np.array([[2, 9], [3, 4]])) == 0.75


def test_save_and_load_round_trip(tmp_path) -> None:
    x = clustered(2000, 16)
    index = DenseIndex.build(x, exact_limit=500)
    index.save(tmp_path / "d.faiss")
    again = DenseIndex.load(tmp_path / "d.faiss", index.info)
    q = x[5]
    assert list(index.search(q, 5)[0]) == list(again.search(q, 5)[0])
