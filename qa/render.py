"""HTML and plain text for answers and passages. Every piece of document text is escaped here,
so a document holding ``<script>`` or ``<img onerror=...>`` shows as text, never runs."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qa.answer import NOTHING_MORE
from qa.types import Answer, Citation, Document, Passage


def passages_html(passages: Sequence[Passage]) -> str:
    if not passages:
        return "<p class='qa-empty'>No passage matches the question.</p>"
    items = []
    for p in passages:
        items.append(
            f"<li class='qa-passage'><div class='qa-source'>{_source_line(p.title, p.doc_id, p.page, p.section)} "
            f"<small>characters {p.start}–{p.end}</small></div>"
            f"<blockquote>{escape(p.text)}</blockquote></li>"
        )
    return "<ol class='qa-passages'>" + "".join(items) + "</ol>"


def answer_html(answer: Answer, turn: int = 1) -> str:
    """The chat message: escaped sentences, each marker a link to its entry in the sources panel.
    ``turn`` numbers the answer in its conversation: marker 1 of answer 2 links to ``qa-src-2-1``,
    so an earlier answer's markers still lead to its own sources after later questions."""
    if answer.refused:
        head = "Nothing more in the documents." if _nothing_more(answer) else "Not in the documents."
        return f"<div class='qa-refusal'><b>{head}</b> {escape(answer.text)}</div>"
    by_marker = {c.marker: c for c in answer.citations}
    parts = []
    for sentence in answer.sentences:
        links = "".join(
            f"<a class='qa-marker' href='#qa-src-{turn}-{m}' title='{escape(by_marker[m].title, quote=True)}'>[{m}]</a>"
            for m in sentence.markers
        )
        parts.append(f"{escape(sentence.text)} {links}")
    return "<div class='qa-answer'>" + " ".join(parts) + "</div>"


def sources_html(answer: Answer, turn: int = 1) -> str:
    """The sources of answer number ``turn``, under its question: only the cited passages, in
    marker order, each quote highlighted inside its passage (ids ``qa-src-<turn>-<marker>``)."""
    read_as = _read_as(answer)
    read_as_html = f" <small class='qa-read-as'>(read as: {escape(read_as)})</small>" if read_as else ""
    asked = f"<p class='qa-asked'><b>{turn}.</b> {escape(answer.question)}{read_as_html}</p>"
    return f"<section class='qa-turn' id='qa-turn-{turn}'>{asked}{_sources_body(answer, turn)}</section>"


def conversation_sources_html(turns: Sequence[str]) -> str:
    """The sources panel of a conversation: each answer's ``sources_html``, the latest first."""
    return "".join(reversed(turns))


def _sources_body(answer: Answer, turn: int) -> str:
    if _nothing_more(answer):
        return "<p class='qa-empty'>Every sentence that answers it is quoted in the answers before.</p>"
    if answer.refused:
        if not answer.passages:
            return "<p class='qa-empty'>Nothing close was found.</p>"
        return ("<p class='qa-closest'>No answer. The closest passages, which do not answer the "
                "question:</p>" + passages_html(answer.passages[:3]))
    items = []
    shown: dict[tuple[str, int], int] = {}  # a passage -> the marker whose entry shows it whole
    for c in answer.citations:
        passage = _passage_of(c, answer.passages)
        head = f"<b>[{c.marker}]</b> {_source_line(c.title, c.doc_id, c.page, '')}"
        if passage is None:
            body = f"<blockquote><mark>{escape(c.quote)}</mark></blockquote>"
        elif (first := shown.get((passage.doc_id, passage.start))) is not None:
            link = f"<a href='#qa-src-{turn}-{first}'>[{first}]</a>"
            head += f" <small class='qa-same'>(in the passage under {link})</small>"
            body = f"<blockquote><mark>{escape(c.quote)}</mark></blockquote>"
        else:
            shown[passage.doc_id, passage.start] = c.marker
            body = f"<blockquote>{_highlighted(passage, c, answer.citations)}</blockquote>"
        items.append(f"<li id='qa-src-{turn}-{c.marker}' class='qa-citation'>"
                     f"<div class='qa-source'>{head}</div>{body}</li>")
    return "<ol class='qa-sources'>" + "".join(items) + "</ol>"


def _passage_of(c: Citation, passages: Sequence[Passage]) -> Passage | None:
    return next((p for p in passages if _holds(p, c)), None)


def _holds(p: Passage, c: Citation) -> bool:
    return p.doc_id == c.doc_id and p.start <= c.start and c.end <= p.end


def _highlighted(passage: Passage, cited: Citation, citations: Sequence[Citation]) -> str:
    """The passage, escaped, with ``cited``'s quote in ``<mark>`` and the quotes of the answer's other
    citations from the same passage tinted and labelled with their markers, so a passage that several
    sentences of an answer come from is shown once."""
    others = [c for c in citations  # a span overlapping the quote is not tinted
              if c is not cited and _holds(passage, c) and (c.end <= cited.start or cited.end <= c.start)]
    out, at = [], passage.start
    for c in sorted([cited, *others], key=lambda c: c.start):
        if c.start < at:  # overlaps a tinted span already shown
            continue
        out.append(escape(passage.text[at - passage.start:c.start - passage.start]))
        quote = escape(passage.text[c.start - passage.start:c.end - passage.start])
        out.append(f"<mark>{quote}</mark>" if c is cited
                   else f"<span class='qa-also'>{quote}<sup>[{c.marker}]</sup></span>")
        at = c.end
    out.append(escape(passage.text[at - passage.start:]))
    return "".join(out)


def answer_text(answer: Answer) -> str:
    """Plain text for a terminal: the answer, then its sources in marker order."""
    read_as = _read_as(answer)
    head = [f"(read as: {read_as})", ""] if read_as else []
    if answer.refused:
        lines = [*head, answer.text]
        if answer.passages and not _nothing_more(answer):
            lines += ["", "Closest passages (not an answer):"]
            lines += [f"  - {p.title} ({p.doc_id}, characters {p.start}-{p.end})" for p in answer.passages[:3]]
        return "\n".join(lines)
    lines = [*head, answer.text, ""]
    lines += [_citation_line(c) for c in answer.citations]
    return "\n".join(lines)


def _nothing_more(answer: Answer) -> bool:
    """A request for more after everything that answers the question was given."""
    return answer.refused and answer.text == NOTHING_MORE


def _read_as(answer: Answer) -> str:
    """The question as searched, when a follow-up was resolved into another, Vietnamese typed without
    diacritics was given them or a misspelt name was respelled; else empty."""
    resolved = answer.resolved_question
    return resolved if resolved and resolved != answer.question else ""


def _citation_line(c: Citation) -> str:
    where = f", page {c.page}" if c.page else ""
    return f"[{c.marker}] {c.title} ({c.doc_id}{where}, characters {c.start}-{c.end})"


def _source_line(title: str, doc_id: str, page: int | None, section: str) -> str:
    where = f", page {page}" if page else ""
    section_html = f" — {escape(section)}" if section and section != title else ""
    return f"<b>{escape(title)}</b>{section_html} <small>({escape(doc_id)}{where})</small>"


def documents_rows(documents: Sequence[Document]) -> list[list[str]]:
    """Rows for the documents table (plain text: the table component escapes it)."""
    return [[d.doc_id, d.title, "upload" if d.origin == "upload" else "folder"] for d in documents]
