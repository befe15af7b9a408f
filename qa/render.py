"""HTML for passages, for the app. Every piece of document text is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qa.types import Answer, Passage


def passages_html(passages: Sequence[Passage]) -> str:
    if not passages:
        return "<p class='qa-empty'>No passage matches the question.</p>"
    items = []
    for p in passages:
        where = f", page {p.page}" if p.page else ""
        section = f" — {escape(p.section)}" if p.section and p.section != p.title else ""
        items.append(
            f"<li class='qa-passage'><div class='qa-source'><b>{escape(p.title)}</b>{section} "
            f"<small>({escape(p.doc_id)}{where}, characters {p.start}–{p.end})</small></div>"
            f"<blockquote>{escape(p.text)}</blockquote></li>"
        )
    return "<ol class='qa-passages'>" + "".join(items) + "</ol>"


def answer_text(answer: Answer) -> str:
    """Plain text for a terminal: the answer, then its sources in marker order."""
    if answer.refused:
        lines = [answer.text]
        if answer.passages:
            lines += ["", "Closest passages (not an answer):"]
            lines += [f"  - {p.title} ({p.doc_id}, characters {p.start}-{p.end})" for p in answer.passages[:3]]
        return "\n".join(lines)
    lines = [answer.text, ""]
    for c in answer.citations:
        where = f", page {c.page}" if c.page else ""
        lines.append(f"[{c.marker}] {c.title} ({c.doc_id}{where}, characters {c.start}-{c.end})")
    return "\n".join(lines)
