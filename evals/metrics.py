"""Retrieval metrics as pure functions over ranked ids and relevance judgements.

>>> hit_at_k([3, 1, 2], {1}, 2), mrr_at_k([3, 1, 2], {1}, 10)
(1.0, 0.5)
>>> round(ndcg_at_k(["a", "b"], {"b": 1}, 10), 4)
0.6309
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence, Set


def hit_at_k(ranked: Sequence[Hashable], relevant: Set[Hashable], k: int) -> float:
    """1.0 when any of the first ``k`` is relevant."""
    return float(any(item in relevant for item in ranked[:k]))


def recall_at_k(ranked: Sequence[Hashable], relevant: Set[Hashable], k: int) -> float:
    """Share of the relevant items found in the first ``k`` (1.0 when nothing is relevant)."""
    if not relevant:
        return 1.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def mrr_at_k(ranked: Sequence[Hashable], relevant: Set[Hashable], k: int) -> float:
    """Reciprocal rank of the first relevant item within ``k``, else 0."""
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[Hashable], gains: Mapping[Hashable, float], k: int) -> float:
    """nDCG@k with graded gains (BEIR/pytrec_eval form: gain / log2(rank + 1))."""
    dcg = sum(gains.get(item, 0.0) / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1))
    ideal = sorted((g for g in gains.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0
