"""Run gold questions through an engine: retrieval for each method, the answer, its citations."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import qa
from evals.gold import GoldQuestion, evidence_groups
from evals.metrics import (
    answer_contains,
    citation_precision,
    citation_recall,
    hit_at_k,
    mrr_at_k,
    ndcg_at_k,
    spans_overlap,
    token_f1,
)

# name -> search weights; "hybrid" is what ships, the others are baselines
METHODS: dict[str, dict[str, float]] = {"hybrid": {}, "bm25": {"dense_weight": 0.0}, "dense": {"lexical_weight": 0.0}}
K = 10
T = TypeVar("T")


def with_progress(
    items: Iterable[T], enabled: bool, desc: str, unit: str = "q", total: int | None = None,
) -> Iterable[T]:
    """``items`` behind a tqdm progress bar when ``enabled``, else as they are."""
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, total=total)


def input_error(exc: Exception) -> int:
    """One line on standard error for a dataset, corpus or index that cannot be used; exit status 2."""
    if isinstance(exc, FileNotFoundError):
        print(f"error: {exc.filename or exc}: no such file", file=sys.stderr)
    else:
        print(f"error: {exc}", file=sys.stderr)
    return 2


def corpus_engine(corpus: Path, cache: Path, progress: bool = False, multilingual: bool | None = None) -> qa.Engine:
    """An engine over ``corpus``, its index kept under ``cache`` (one per corpus path and choice of
    ``multilingual``, as for ``qa.build``) and updated in place."""
    index = cache / hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:12]
    if multilingual is not None:
        index = index.with_name(index.name + ("-side" if multilingual else "-no-side"))
    qa.build(corpus, index, progress=progress, multilingual=multilingual)
    return qa.open(index)


@dataclass
class QuestionResult:
    id: str
    kind: str
    split: str
    answerable: bool
    retrieval: dict[str, dict[str, float]] = field(default_factory=dict)
    answer: str = ""
    refused: bool = False
    accuracy: float = 0.0
    f1: float = 0.0
    citation_valid: float = 1.0
    citation_precision: float = 1.0
    citation_recall: float = 0.0
    supported: float = 0.0
    answer_chars: int = 0
    search_ms: float = 0.0
    ask_ms: float = 0.0


def evaluate(engine: qa.Engine, questions: Sequence[GoldQuestion], progress: bool = False) -> list[QuestionResult]:
    texts = {d.doc_id: d.text for d in engine.documents()}
    return [evaluate_one(engine, q, texts) for q in with_progress(questions, progress, "Questions")]


def evaluate_one(engine: qa.Engine, q: GoldQuestion, texts: dict[str, str]) -> QuestionResult:
    result = QuestionResult(q.id, q.kind, q.split, q.answerable)
    groups = evidence_groups(q, texts)
    evidence = [s for g in groups for s in g]
    for method, weights in METHODS.items():
        t = time.perf_counter()
        hits = engine.search(q.question, k=K, dense_weight=weights.get("dense_weight"),
                             lexical_weight=weights.get("lexical_weight"))
        if method == "hybrid":
            result.search_ms = (time.perf_counter() - t) * 1000
        if not q.answerable:
            continue
        ranked = list(range(len(hits)))
        relevant = {
            i for i, h in enumerate(hits) if any(spans_overlap((h.doc_id, h.start, h.end), e) for e in evidence)
        }
        found = {g for g, group in enumerate(groups)
                 for h in hits[:5] if any(spans_overlap((h.doc_id, h.start, h.end), e) for e in group)}
        result.retrieval[method] = {
            "hit@5": hit_at_k(ranked, relevant, 5), "recall@5": len(found) / len(groups) if groups else 1.0,
            "mrr@10": mrr_at_k(ranked, relevant, K), "ndcg@10": ndcg_at_k(ranked, {i: 1.0 for i in relevant}, K),
        }
    t = time.perf_counter()
    answer = engine.ask(q.question)
    result.ask_ms = (time.perf_counter() - t) * 1000
    result.answer, result.refused = answer.text, answer.refused
    cited = [(c.doc_id, c.start, c.end) for c in answer.citations]
    result.citation_valid = float(all(c.quote == texts[c.doc_id][c.start:c.end] for c in answer.citations))
    if q.answerable and not answer.refused:
        result.accuracy = answer_contains(answer.text, q.answers)
        result.f1 = token_f1(answer.text, q.answers)
        result.citation_precision = citation_precision(cited, evidence)
        result.citation_recall = citation_recall(cited, groups)
        # answers are verbatim quotes, so a gold answer string inside a cited quote is support
        result.supported = float(any(answer_contains(c.quote, q.answers) for c in answer.citations))
        result.answer_chars = len(answer.text)
    return result

