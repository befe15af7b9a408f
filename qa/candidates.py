"""Passages -> the sentences that may answer: every statement of the passages, once, quoted from its
first word; a document's byline for a question asking who wrote it; the line under a heading read with
that heading for a question about what the heading names. What is a statement is ``statements``'s;
where a sentence starts and whether a line heads a table, ``sentences``'s. ``answer`` scores them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qa.cues import authorship_words
from qa.lexical import words
from qa.sentences import heads_table, opens_line, quote_start
from qa.statements import is_byline, is_entry, is_statement
from qa.types import Passage


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int
    end: int
    text: str
    words: frozenset[str]  # of ``meaning``; a byline's also cover the words for writing ("wrote")
    score: float = 0.0
    # what the quote is read after when scored, for a line that says nothing alone: a byline's
    # document title ("<title>\nAuthors: "), an entry's heading ("Vasily Kashin: ")
    lead: str = ""

    @property
    def meaning(self) -> str:
        """What the sentence says, as scored: a byline says that its names wrote the titled document;
        the line under a heading says what the heading names is ("Vasily Kashin: Senior research
        fellow at ...")."""
        return self.lead + self.text


# A byline opens a document: it is read as one within the first 1,000 characters, before any
# statement of the passage it is read in.
BYLINE_FRONT = 1000


def candidates(
    passages: Sequence[Passage], min_words: int, bylines: bool = False, subject: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Every statement sentence of the passages, once, quoted from its first word (no list bullet);
    with ``bylines``, also the document's byline ("Anton Tsvetov, Vasily Kashin, ..."), which answers
    who wrote it and nothing else. With ``subject`` (the question's content words), the line right
    under a heading whose words are the subject's, statement or not, is read with its heading: an
    entry headed by the name asked about ("## Vasily Kashin" / "Senior research fellow at ...")."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for p in passages:
        stated = False  # a statement of this passage came before
        before = ""  # the sentence before, within the passage
        for first, end in p.sentences:
            start = p.start + quote_start(p.text, first - p.start, end - p.start)
            key = (p.doc_id, start, end)
            text = p.text[start - p.start:end - p.start]
            statement = (is_statement(text, min_words, opens_line(p.text, start - p.start))
                         and not heads_table(p.text, end - p.start))
            byline = bylines and not statement and not stated and start < BYLINE_FRONT and is_byline(text)
            heading = _entry_heading(before, text, subject, min_words)
            stated = stated or statement
            before = p.text[first - p.start:end - p.start]
            if key in seen or not (statement or byline or heading):
                continue
            seen.add(key)
            lead = f"{p.title}\nAuthors: " if byline else f"{heading}: " if heading else ""
            candidate = Candidate(p, start, end, text, frozenset(), lead=lead)
            said = frozenset(words(candidate.meaning))
            out.append(replace(candidate, words=said | authorship_words() if byline else said))
    return out


def _entry_heading(before: str, text: str, subject: frozenset[str], min_words: int) -> str:
    """The heading ``before`` is when its words are ``subject``'s and ``text``, the line under it, is
    an entry that can say what it names; else ''. The cheap test, a heading above, comes first: this
    runs for every sentence of every passage read."""
    if not subject or not before.startswith("#"):
        return ""
    heading = before.strip("#*_ \t")
    return heading if frozenset(words(heading)) == subject and is_entry(text, min_words) else ""
