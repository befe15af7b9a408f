"""``python -m evals.audit``: sentences that may be missing from a gold set's evidence.

    python -m evals.audit                               # the seeds gold set, both splits
    python -m evals.audit --dataset my.jsonl --corpus docs/ --k 20

A passage counts as relevant only where it overlaps a listed evidence span, so a gold set that lists
one place a fact is stated scores every other place as a miss. This is pooled judging, as TREC does
it: every method's first ``k`` passages (hybrid, BM25, dense) are pooled, and each sentence of the pool
that holds a gold answer string but overlaps no evidence span is printed with its question, ready to
be pasted into ``evidence`` once a person has read it and judged that it states the fact asked for.
Holding the answer string is not enough ("Da Nang" in a sentence about a railway is not where Yandex
opened a data centre), so nothing is added automatically. Unanswerable questions have no answer
strings and are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import qa
from evals.gold import SEEDS_GOLD, GoldQuestion, evidence_spans, load_gold
from evals.metrics import normalize
from evals.runner import METHODS, corpus_engine, input_error, with_progress

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Unlisted:
    """A sentence of a retrieved passage that holds a gold answer and overlaps no evidence span."""

    question: str
    doc: str
    start: int
    end: int
    text: str


def unlisted(question: GoldQuestion, passages: Sequence[qa.Passage], texts: dict[str, str]) -> list[Unlisted]:
    """The sentences of ``passages`` (once each, in document order) that contain one of the
    question's answers, after the normalisation ``accuracy`` uses, and overlap none of its evidence."""
    spans = evidence_spans(question, texts)
    answers = [a for a in map(normalize, question.answers) if a]
    seen: set[tuple[str, int, int]] = set()
    for p in passages:
        for start, end in p.sentences:
            seen.add((p.doc_id, start, end))
    out = []
    for doc, start, end in sorted(seen):
        text = texts[doc][start:end]
        normalized = normalize(text)
        if not any(a in normalized for a in answers):
            continue
        if any(d == doc and s < end and start < e for d, s, e in spans):
            continue
        out.append(Unlisted(question.id, doc, start, end, text))
    return out


def audit(engine: qa.Engine, questions: Sequence[GoldQuestion], k: int, progress: bool = False) -> list[Unlisted]:
    """Pool every method's first ``k`` passages (no per-document cap) for each answerable question."""
    out: list[Unlisted] = []
    for q in with_progress([q for q in questions if q.answerable], progress, "audit"):
        pool: list[qa.Passage] = []
        for weights in METHODS.values():
            pool += engine.search(q.question, k=k, max_per_doc=0, **weights)
        texts = {doc: engine.document_text(doc) for doc in {p.doc_id for p in pool} | {e.doc for e in q.evidence}}
        out += unlisted(q, pool, texts)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=SEEDS_GOLD, help="gold JSONL (default: the seeds gold set)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="the documents the dataset is about")
    parser.add_argument("--split", choices=["all", "dev", "test"], default="all")
    parser.add_argument("--k", type=int, default=10, help="passages pooled from each method (default 10)")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "evals", help="indexes built here, reused")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    if args.k <= 0:
        parser.error("--k must be a positive number of passages")
    try:
        questions = [q for q in load_gold(args.dataset) if args.split == "all" or q.split == args.split]
        engine = corpus_engine(args.corpus, args.cache, progress=not args.quiet)
        found = audit(engine, questions, args.k, progress=not args.quiet)
    except (qa.QAError, OSError, ValueError) as exc:
        return input_error(exc)
    by_id = {q.id: q for q in questions}
    shown = ""
    for u in found:
        if u.question != shown:
            q = by_id[u.question]
            print(f"\n{q.id} [{q.split}] {q.question}  answers: {list(q.answers)}")
            shown = u.question
        print(f"  {u.doc} {u.start}-{u.end}: {' '.join(u.text.split())}")
        print(f"    {json.dumps({'doc': u.doc, 'quote': u.text}, ensure_ascii=False)}")
    print(f"\n{len(found)} sentences hold a gold answer outside the listed evidence, "
          f"for {len({u.question for u in found})} of {sum(q.answerable for q in questions)} answerable questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
