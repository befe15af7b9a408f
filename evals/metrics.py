"""Retrieval metrics as pure functions over ranked ids and relevance judgements.

>>> hit_at_k([3, 1, 2], {1}, 2), mrr_at_k([3, 1, 2], {1}, 10)
(1.0, 0.5)
>>> round(ndcg_at_k(["a", "b"], {"b": 1}, 10), 4)
0.6309
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from typing import TypeVar

H = TypeVar("H", bound=Hashable)


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


def ndcg_at_k(ranked: Sequence[H], gains: Mapping[H, float], k: int) -> float:
    """nDCG@k with graded gains (BEIR/pytrec_eval form: gain / log2(rank + 1))."""
    dcg = sum(gains.get(item, 0.0) / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1))
    ideal = sorted((g for g in gains.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


# --- answers -------------------------------------------------------------------------------------

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_PUNCT = re.compile(r"[^\w\s]")
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    """Unicode (NFKC), case, hyphen and whitespace normalisation for "the answer contains it".

    >>> normalize("Việt  Nam‑Russia") == normalize("việt nam russia")
    True
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_DASHES.sub(" ", text).split())


def answer_contains(answer: str, golds: Sequence[str]) -> float:
    """1.0 when any gold string appears in the answer after ``normalize``."""
    norm = normalize(answer)
    return float(any(normalize(g) in norm for g in golds if g))


def squad_normalize(text: str) -> str:
    """The official SQuAD v1.1 normalisation: lower case, no punctuation, no articles, single spaces."""
    text = _PUNCT.sub(" ", text.lower())
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    return float(any(squad_normalize(prediction) == squad_normalize(g) for g in golds))


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """Best token F1 against any gold (official SQuAD definition).

    >>> round(token_f1("the cat sat", ["a cat sat down"]), 4)
    0.8
    """
    pred = squad_normalize(prediction).split()
    best = 0.0
    for gold in golds:
        ref = squad_normalize(gold).split()
        common = sum((Counter(pred) & Counter(ref)).values())
        if not common:
            continue
        precision, recall = common / len(pred), common / len(ref)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


# --- citations -----------------------------------------------------------------------------------

Span = tuple[str, int, int]


def spans_overlap(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def citation_precision(cited: Sequence[Span], evidence: Sequence[Span]) -> float:
    """Share of citations that overlap some gold evidence span (1.0 with no citations)."""
    if not cited:
        return 1.0
    return sum(any(spans_overlap(c, e) for e in evidence) for c in cited) / len(cited)


def citation_recall(cited: Sequence[Span], evidence_groups: Sequence[Sequence[Span]]) -> float:
    """Share of gold evidence quotes (each a group of its occurrences) that some citation overlaps."""
    if not evidence_groups:
        return 1.0
    return sum(any(spans_overlap(c, e) for c in cited for e in group) for group in evidence_groups) / len(
        evidence_groups
    )


def average(values: Iterable[float]) -> float:
    """Mean to 4 places, 0.0 for nothing: how every figure in a report is aggregated.

    >>> average([1, 0, 0]), average([])
    (0.3333, 0.0)
    """
    values = list(values)
    return round(statistics.mean(values), 4) if values else 0.0


def prf(true_positive: int, predicted: int, actual: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where undefined).

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    """
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 6), round(recall, 6), round(f1, 6)
