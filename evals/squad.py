"""SQuAD v1.1 as open-domain QA: every paragraph a document, every question asked of the whole pool."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.metrics import answer_contains, average, exact_match, hit_at_k, token_f1
from evals.runner import with_progress
from qa.engine import Engine
from qa.sources import make_document
from qa.types import Document

# Reference points from ../shared/data/README.md. None is the same task as this one: the retrievers
# searched far larger pools (Wikipedia), the readers were handed the gold paragraph and return a span.
PUBLISHED: dict[str, str] = {
    "DrQA TF-IDF retriever, answer-bearing article in top 5 (full Wikipedia)": "78.0%",
    "BM25, SQuAD-open top-20 (pyserini)": "68.8%",
    "DPR, SQuAD-open top-20 (pyserini)": "51.6%",
    "logistic regression reader, gold paragraph given (EM / F1)": "40.1 / 51.0",
    "Match-LSTM reader (EM / F1)": "67.6 / 76.8",
    "DrQA reader (EM / F1)": "69.4 / 78.9",
    "BERT ensemble (EM / F1)": "86.2 / 92.2",
}
RECALL_AT = (1, 5, 20)
_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class SquadQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    doc_id: str  # the gold paragraph


def load(path: Path, limit: int | None = None) -> tuple[list[Document], list[SquadQuestion]]:
    """All paragraphs as documents (id ``article/paragraph``), and the questions, evenly thinned to
    ``limit`` across the articles when given."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)["data"]
    documents, questions = [], []
    for a, article in enumerate(data):
        title = article["title"].replace("_", " ")
        for p, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{a:02d}/{p:03d}"
            documents.append(make_document(doc_id, paragraph["context"], title=title))
            questions += [SquadQuestion(qa["id"], qa["question"], tuple(x["text"] for x in qa["answers"]), doc_id)
                          for qa in paragraph["qas"]]
    if limit is not None and limit < len(questions):
        step = len(questions) / limit
        questions = [questions[int(i * step)] for i in range(limit)]
    return documents, questions


def score(
    engine: Engine, questions: Sequence[SquadQuestion], methods: dict[str, dict[str, float]], progress: bool = False,
) -> dict[str, Any]:
    """Gold-paragraph recall@k per retrieval method; the shipped answer's EM, F1, containment and
    citations; refusals (every SQuAD question is answerable from its paragraph)."""
    recall: dict[str, dict[str, list[float]]] = {m: {f"recall@{k}": [] for k in RECALL_AT} for m in methods}
    rows: dict[str, list[float]] = {k: [] for k in ("em", "f1", "contains", "refused", "cites_gold_paragraph",
                                                     "citation_contains_answer", "chars")}
    for q in with_progress(questions, progress, "Questions"):
        for method, weights in methods.items():
            ranked = [p.doc_id for p in engine.search(q.question, k=max(RECALL_AT), max_per_doc=1, **weights)]
            for k in RECALL_AT:
                recall[method][f"recall@{k}"].append(hit_at_k(ranked, {q.doc_id}, k))
        answer = engine.ask(q.question)
        text = _MARKER.sub("", answer.text)
        answered = not answer.refused
        rows["refused"].append(float(answer.refused))
        rows["em"].append(exact_match(text, q.answers) if answered else 0.0)
        rows["f1"].append(token_f1(text, q.answers) if answered else 0.0)
        rows["contains"].append(answer_contains(text, q.answers) if answered else 0.0)
        rows["cites_gold_paragraph"].append(float(any(c.doc_id == q.doc_id for c in answer.citations)))
        rows["citation_contains_answer"].append(
            float(any(c.doc_id == q.doc_id and answer_contains(c.quote, q.answers) for c in answer.citations)))
        if answered:
            rows["chars"].append(len(text))
    return {
        "questions": len(questions),
        "retrieval": {m: {name: average(v) for name, v in figures.items()} for m, figures in recall.items()},
        "answers": {"exact_match": average(rows["em"]), "f1": average(rows["f1"]),
                    "contains": average(rows["contains"]), "refused": average(rows["refused"]),
                    "median_chars": statistics.median(rows["chars"]) if rows["chars"] else 0},
        "citations": {"cites_gold_paragraph": average(rows["cites_gold_paragraph"]),
                      "cited_quote_contains_answer": average(rows["citation_contains_answer"])},
    }
