"""A BEIR data set (corpus.jsonl, queries.jsonl, qrels/*.tsv) as Documents, queries and judgements."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from qa.sources import make_document
from qa.types import Document


def load_corpus(root: Path) -> list[Document]:
    docs = []
    with open(root / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs.append(make_document(str(row["_id"]), row["text"], title=row.get("title", "")))
    return docs


def load_queries(root: Path) -> dict[str, str]:
    with open(root / "queries.jsonl", encoding="utf-8") as f:
        return {str(r["_id"]): r["text"] for r in map(json.loads, f)}


def load_qrels(root: Path, split: str) -> dict[str, dict[str, float]]:
    qrels: dict[str, dict[str, float]] = {}
    with open(root / "qrels" / f"{split}.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = float(row["score"])
    return qrels
