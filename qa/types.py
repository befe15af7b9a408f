"""Frozen dataclasses that flow between the stages. No I/O here.

Offsets are Python string indices (code points) into ``Document.text``, the stored text that
citations quote: ``chunk.text == document.text[chunk.start:chunk.end]`` always.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One source file, parsed to text.

    ``doc_id`` is the path relative to the corpus root (POSIX separators), so ids survive
    rebuilds and gold labels can name them. ``page_starts`` holds the offset at which each page
    begins (PDF only); ``headings`` the (offset, heading text) of each section heading.
    """

    doc_id: str
    title: str
    text: str
    sha256: str
    page_starts: tuple[int, ...] = ()
    headings: tuple[tuple[int, str], ...] = ()
    origin: str = "files"  # "files": synced with the index's source folder; "upload": added one by one

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None for documents without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def heading_at(self, offset: int) -> str:
        """The nearest section heading at or before ``offset`` ('' if none)."""
        starts = [start for start, _ in self.headings]
        i = bisect_right(starts, offset)
        return self.headings[i - 1][1] if i else ""


@dataclass(frozen=True)
class Chunk:
    """A token-sized span of a document, cut at sentence boundaries.

    ``sentences`` are the absolute (start, end) spans of the sentences inside the chunk, in
    order; each lies within [start, end].
    """

    doc_id: str
    start: int
    end: int
    text: str
    title: str
    section: str
    page: int | None
    n_tokens: int
    sentences: tuple[Span, ...] = field(default=())

    @property
    def chunk_id(self) -> str:
        """Derived, never random: the doc id and the span."""
        return f"{self.doc_id}#{self.start}-{self.end}"


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, ranked. ``text == engine.document_text(doc_id)[start:end]``."""

    doc_id: str
    title: str
    text: str
    start: int
    end: int
    page: int | None
    score: float
    rank: int
    section: str = ""
    sentences: tuple[Span, ...] = ()
    similarity: float | None = None  # cosine of the question to the chunk's vector; None without dense search

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}#{self.start}-{self.end}"

    @classmethod
    def of(cls, chunk: Chunk, score: float, rank: int, similarity: float | None = None) -> Passage:
        """``chunk`` as a passage ranked ``rank`` with ``score``."""
        return cls(doc_id=chunk.doc_id, title=chunk.title, text=chunk.text, start=chunk.start, end=chunk.end,
                   page=chunk.page, score=float(score), rank=rank, section=chunk.section, sentences=chunk.sentences,
                   similarity=similarity)


@dataclass(frozen=True)
class Citation:
    """One cited span. ``quote == document_text(doc_id)[start:end]``, always; markers are 1-based
    and numbered in order of first use in the answer."""

    marker: int
    doc_id: str
    title: str
    start: int
    end: int
    quote: str
    page: int | None


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer, verbatim from a document, and the markers that follow it."""

    text: str
    markers: tuple[int, ...]


@dataclass(frozen=True)
class Answer:
    """An answer made only of quoted sentences, each followed by its ``[n]`` markers, or a refusal.

    ``text`` is for reading: each quote's line breaks and runs of spaces are shown as one space (the
    words are the document's, in order); ``sentences`` and ``citations`` keep the exact quotes.

    ``passages`` are the passages the answer was chosen from (on a refusal: the closest ones, to be
    shown apart from the answer, never as one). ``resolved_question`` is the question as searched,
    after a follow-up was resolved against the history.
    """

    question: str
    text: str
    refused: bool
    citations: list[Citation]
    passages: list[Passage] = field(default_factory=list)
    resolved_question: str = ""
    confidence: float = 0.0
    sentences: list[AnswerSentence] = field(default_factory=list)
