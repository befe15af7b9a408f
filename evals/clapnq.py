"""ClapNQ dev as a gold set: the 600 passages pooled as documents, each answer's selected sentences
as its evidence (so citation precision/recall are sentence-level), unanswerable questions as such."""

from __future__ import annotations

import json
from pathlib import Path

from evals.gold import Evidence, GoldQuestion
from qa.sources import make_document
from qa.types import Document

FILES = {"clapnq_dev_answerable.jsonl": True, "clapnq_dev_unanswerable.jsonl": False}


def load(root: Path, limit: int | None = None) -> tuple[list[Document], list[GoldQuestion]]:
    """All passages (deduplicated by text, ids ``p0001``...) and the questions; ``limit`` keeps the
    first ``limit`` of each file (the pool stays whole). In each file, odd 1-based line numbers are
    the dev split (tuning allowed) and even ones the test split, as in the seeds gold set."""
    documents: list[Document] = []
    ids: dict[str, str] = {}
    questions: list[GoldQuestion] = []
    for name, answerable in FILES.items():
        with open(root / name, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        for line_no, row in enumerate(rows, start=1):
            passage = row["passages"][0]
            text = passage["text"]
            if text not in ids:
                ids[text] = f"p{len(ids) + 1:04d}"
                documents.append(make_document(ids[text], text, title=passage["title"]))
            if limit is not None and line_no > limit:
                continue
            outputs = [o for o in row["output"] if o.get("answer")]
            sentences = dict.fromkeys(s for o in outputs for s in o["selected_sentences"] if s in text)
            questions.append(GoldQuestion(
                id=str(row["id"]), question=row["input"], answerable=answerable and bool(outputs),
                answers=tuple(o["answer"] for o in outputs),
                evidence=tuple(Evidence(ids[text], s) for s in sentences),
                kind="answerable" if answerable else "unanswerable",
                split="dev" if line_no % 2 else "test",
            ))
    return documents, questions
