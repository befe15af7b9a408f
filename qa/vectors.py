"""The dense index: FAISS inner product over L2-normalised vectors.

Up to ``EXACT_LIMIT`` vectors the index is exact (``IndexFlatIP``). Above it, an HNSW graph is
built and its recall@10 against exact search is measured on a sample of the corpus' own vectors;
``efSearch`` is raised until recall reaches ``MIN_RECALL``, and if it never does, the exact index
is kept. The measured recall is recorded in the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EXACT_LIMIT = 50_000
MIN_RECALL = 0.95
HNSW_M = 32
EF_CONSTRUCTION = 200
EF_STEPS = (64, 128, 256, 512, 1024)
RECALL_SAMPLE = 500
RECALL_K = 10


@dataclass(frozen=True)
class DenseInfo:
    kind: str  # "flat-ip" or "hnsw"
    size: int
    recall_at_10: float
    ef_search: int = 0


class DenseIndex:
    def __init__(self, index: Any, info: DenseInfo) -> None:
        self._index = index
        self.info = info

    @classmethod
    def build(cls, vectors: np.ndarray, *, exact_limit: int = EXACT_LIMIT) -> DenseIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        flat = faiss.IndexFlatIP(dim)
        flat.add(vectors)
        if n <= exact_limit:
            return cls(flat, DenseInfo("flat-ip", n, 1.0))
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = EF_CONSTRUCTION
        hnsw.add(vectors)
        queries = _recall_queries(vectors)
        _, truth = flat.search(queries, RECALL_K)
        for ef in EF_STEPS:
            hnsw.hnsw.efSearch = ef
            _, found = hnsw.search(queries, RECALL_K)
            recall = recall_at_k(truth, found)
            if recall >= MIN_RECALL:
                return cls(hnsw, DenseInfo("hnsw", n, recall, ef))
        return cls(flat, DenseInfo("flat-ip", n, 1.0))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of the top ``k``, best first; FAISS's -1 padding never leaves here."""
        k = min(k, self.info.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, ids = self._index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, info: DenseInfo) -> DenseIndex:
        import faiss

        index: Any = faiss.read_index(str(path))
        if info.kind == "hnsw":
            index.hnsw.efSearch = info.ef_search
        return cls(index, info)


def _recall_queries(vectors: np.ndarray) -> np.ndarray:
    """Deterministic sample of corpus vectors, perturbed so they are not exact duplicates."""
    rng = np.random.default_rng(0)
    rows = rng.choice(len(vectors), size=min(RECALL_SAMPLE, len(vectors)), replace=False)
    noisy = vectors[rows] + rng.normal(scale=0.05, size=(len(rows), vectors.shape[1])).astype(np.float32)
    return np.ascontiguousarray(noisy / np.linalg.norm(noisy, axis=1, keepdims=True), dtype=np.float32)


def recall_at_k(truth: np.ndarray, found: np.ndarray) -> float:
    """Mean share of each row's true neighbours that ``found`` holds."""
    hits = [
        len(set(t[t >= 0]) & set(f[f >= 0])) / max(1, int((t >= 0).sum()))
        for t, f in zip(truth, found, strict=True)
    ]
    return float(np.mean(hits)) if hits else 1.0
