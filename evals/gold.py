"""Gold questions for a corpus, in JSONL (format in evals/README.md), and their evidence spans."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SEEDS_GOLD = Path(__file__).parent / "gold" / "seeds.jsonl"


@dataclass(frozen=True)
class Evidence:
    doc: str
    quote: str


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    answerable: bool
    answers: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    kind: str
    split: str


def load_gold(path: str | Path = SEEDS_GOLD) -> list[GoldQuestion]:
    questions = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            try:
                questions.append(GoldQuestion(
                    id=row["id"], question=row["question"], answerable=bool(row["answerable"]),
                    answers=tuple(row.get("answers", ())),
                    evidence=tuple(Evidence(e["doc"], e["quote"]) for e in row.get("evidence", ())),
                    kind=row.get("kind", ""), split=row.get("split", "test"),
                ))
            except KeyError as exc:
                raise ValueError(f"{path}:{line_no}: missing field {exc}") from None
    return questions


def evidence_groups(question: GoldQuestion, texts: dict[str, str]) -> list[list[tuple[str, int, int]]]:
    """For each evidence quote, the (doc, start, end) of every place it occurs."""
    groups = []
    for ev in question.evidence:
        text = texts[ev.doc]
        spans = []
        start = text.find(ev.quote)
        while start >= 0:
            spans.append((ev.doc, start, start + len(ev.quote)))
            start = text.find(ev.quote, start + 1)
        groups.append(spans)
    return groups


def evidence_spans(question: GoldQuestion, texts: dict[str, str]) -> list[tuple[str, int, int]]:
    """(doc, start, end) of every occurrence of every evidence quote."""
    return [span for group in evidence_groups(question, texts) for span in group]
