"""Question -> ranked Passages: dense and lexical lists fused by weighted reciprocal rank fusion,
then a per-document diversity cap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qa.config import SearchSettings
from qa.embedding import Embedder
from qa.lexical import LexicalIndex
from qa.types import Chunk, Passage
from qa.vectors import DenseIndex


def rrf(ranked_lists: Sequence[Sequence[int]], weights: Sequence[float], rrf_k: int) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of weight / (rrf_k + rank), ranks 1-based.

    >>> rrf([[7, 3], [3]], [1.0, 1.0], 60) == {7: 1 / 61, 3: 1 / 62 + 1 / 61}
    True
    """
    fused: dict[int, float] = {}
    for ids, weight in zip(ranked_lists, weights, strict=False):
        if weight <= 0:
            continue
        for rank, item in enumerate(ids, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (rrf_k + rank)
    return fused


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
        self, chunks: Sequence[Chunk], dense: DenseIndex, lexical: LexicalIndex, embedder: Embedder,
    ) -> None:
        self.chunks = chunks
        self.dense = dense
        self.lexical = lexical
        self.embedder = embedder
        self._doc_of = [c.doc_id for c in chunks]

    def search(self, question: str, k: int, settings: SearchSettings) -> list[Passage]:
        lists: list[Sequence[int]] = []
        weights: list[float] = []
        if settings.dense_weight > 0:
            ids, _ = self.dense.search(self.embedder.encode_query(question), settings.candidates)
            lists.append(ids.tolist())
            weights.append(settings.dense_weight)
        if settings.lexical_weight > 0:
            lists.append(top_ids(self.lexical.scores(question), settings.candidates).tolist())
            weights.append(settings.lexical_weight)
        fused = rrf(lists, weights, settings.rrf_k)
        order = sorted(fused, key=lambda i: (-fused[i], i))
        picked = diversify(order, self._doc_of, k, settings.max_per_doc)
        return [self._passage(i, fused[i], rank) for rank, i in enumerate(picked, start=1)]

    def _passage(self, i: int, score: float, rank: int) -> Passage:
        c = self.chunks[i]
        return Passage(
            doc_id=c.doc_id, title=c.title, text=c.text, start=c.start, end=c.end, page=c.page,
            score=float(score), rank=rank, section=c.section, sentences=c.sentences,
        )
