"""Question -> ranked Passages: dense and lexical scores fused, then a per-document diversity cap.

Fusion is a convex combination of min-max normalised scores over the union of both candidate
lists (each chunk's dense score is computed exactly from its stored vector, so a chunk found only
by BM25 still gets its true cosine). Weighted reciprocal rank fusion is kept as an alternative;
the convex combination won on the tuning splits (see ``SearchSettings``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from qa.config import SearchSettings
from qa.lexical import LexicalIndex
from qa.questions import asked
from qa.types import Chunk, Passage
from qa.vectors import DenseIndex


def rrf(ranked_lists: Sequence[Sequence[int]], weights: Sequence[float], rrf_k: int) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of weight / (rrf_k + rank), ranks 1-based.

    >>> rrf([[7, 3], [3]], [1.0, 1.0], 60) == {7: 1 / 61, 3: 1 / 62 + 1 / 61}
    True
    """
    fused: dict[int, float] = {}
    for ids, weight in zip(ranked_lists, weights, strict=True):
        if weight <= 0:
            continue
        for rank, item in enumerate(ids, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (rrf_k + rank)
    return fused


def min_max(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant vector becomes zeros.

    >>> min_max(np.array([2.0, 4.0, 3.0])).tolist()
    [0.0, 1.0, 0.5]
    """
    spread = float(scores.max() - scores.min()) if len(scores) else 0.0
    return (scores - scores.min()) / spread if spread > 0 else np.zeros_like(scores)


def convex(dense: np.ndarray, lexical: np.ndarray, dense_weight: float, lexical_weight: float) -> np.ndarray:
    """(wd * minmax(dense) + wl * minmax(lexical)) / (wd + wl), element-wise over candidates."""
    total = dense_weight + lexical_weight
    return (dense_weight * min_max(dense) + lexical_weight * min_max(lexical)) / total


def diversify(order: Sequence[int], doc_of: Sequence[str], k: int, max_per_doc: int) -> list[int]:
    """The first ``k`` of ``order`` with at most ``max_per_doc`` from any one document
    (``max_per_doc`` <= 0 means no cap).

    >>> diversify([0, 1, 2, 3], ["a", "a", "a", "b"], 3, 2)
    [0, 1, 3]
    """
    taken: list[int] = []
    per_doc: dict[str, int] = {}
    for item in order:
        doc = doc_of[item]
        if max_per_doc > 0 and per_doc.get(doc, 0) >= max_per_doc:
            continue
        per_doc[doc] = per_doc.get(doc, 0) + 1
        taken.append(item)
        if len(taken) == k:
            break
    return taken


def top_ids(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` highest positive scores, best first (ties by index)."""
    n = min(n, int((scores > 0).sum()))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, n - 1)[:n]
    return part[np.lexsort((part, -scores[part]))]


class Retriever:
    def __init__(
        self, chunks: Sequence[Chunk], vectors: np.ndarray, dense: DenseIndex, lexical: LexicalIndex,
        encode_query: Callable[[str], np.ndarray],
    ) -> None:
        self.chunks = chunks
        self.vectors = vectors
        self.dense = dense
        self.lexical = lexical
        self.encode_query = encode_query
        self._doc_of = [c.doc_id for c in chunks]

    def search(self, question: str, k: int, settings: SearchSettings) -> list[Passage]:
        use_dense, use_lexical = settings.dense_weight > 0, settings.lexical_weight > 0
        query = self.encode_query(question) if use_dense else None
        dense_ids = self.dense.search(query, settings.candidates)[0] if query is not None else np.zeros(0, np.int64)
        # a request's wrapping ("Tell me about", "Can you explain") is no word to look for
        lexical = self.lexical.scores(asked(question), settings.acronym_weight) if use_lexical else None
        lexical_ids = top_ids(lexical, settings.candidates) if lexical is not None else np.zeros(0, np.int64)

        if settings.fusion == "rrf":
            fused = rrf([dense_ids.tolist(), lexical_ids.tolist()],
                        [settings.dense_weight, settings.lexical_weight], settings.rrf_k)
            candidates = np.array(sorted(fused), dtype=np.int64)
            scores = np.array([fused[i] for i in candidates.tolist()])
        else:
            candidates = np.union1d(dense_ids, lexical_ids).astype(np.int64)
            dense = self.vectors[candidates] @ query if query is not None else np.zeros(len(candidates))
            lex = lexical[candidates] if lexical is not None else np.zeros(len(candidates))
            scores = convex(dense, lex, settings.dense_weight, settings.lexical_weight)
        order = candidates[np.lexsort((candidates, -scores))].tolist()
        by_id = dict(zip(candidates.tolist(), scores.tolist(), strict=True))
        picked = diversify(order, self._doc_of, k, settings.max_per_doc)
        cosines: list[float | None] = [None] * len(picked)
        if query is not None and picked:
            cosines = (self.vectors[picked] @ query).tolist()
        return [Passage.of(self.chunks[i], by_id[i], rank, cos)
                for rank, (i, cos) in enumerate(zip(picked, cosines, strict=True), start=1)]
