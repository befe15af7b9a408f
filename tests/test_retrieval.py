import numpy as np

from qa.retrieval import convex, diversify, rrf, top_ids


def test_rrf_hand_computed() -> None:
    fused = rrf([[1, 2, 3], [3, 1]], [1.0, 0.5], rrf_k=10)
    assert np.isclose(fused[1], 1 / 11 + 0.5 / 12)
    assert np.isclose(fused[2], 1 / 12)
    assert np.isclose(fused[3], 1 / 13 + 0.5 / 11)


def test_rrf_zero_weight_ignores_list() -> None:
    assert rrf([[1], [2]], [1.0, 0.0], rrf_k=60) == {1: 1 / 61}


def test_diversify_caps_per_document() -> None:
    docs = ["a", "a", "a", "b", "c"]
    assert diversify([0, 1, 2, 3, 4], docs, 4, 2) == [0, 1, 3, 4]
    assert diversify([0, 1, 2, 3, 4], docs, 4, 0) == [0, 1, 2, 3]


def test_top_ids_orders_and_drops_zero() -> None:
    scores = np.array([0.0, 2.0, 5.0, 2.0, 0.0, 1.0])
    assert top_ids(scores, 10).tolist() == [2, 1, 3, 5]
    assert top_ids(scores, 2).tolist() == [2, 1]


def test_convex_hand_computed() -> None:
    dense = np.array([0.2, 0.6, 0.4])  # min-max: 0, 1, 0.5
    lexical = np.array([9.0, 0.0, 3.0])  # min-max: 1, 0, 1/3
    fused = convex(dense, lexical, 0.6, 0.4)
    assert np.allclose(fused, [0.4, 0.6, 0.3 + 0.4 / 3])


def test_convex_with_constant_list_ranks_by_the_other() -> None:
    fused = convex(np.array([0.1, 0.9, 0.5]), np.zeros(3), 0.6, 0.4)
    assert np.argsort(-fused).tolist() == [1, 2, 0]
