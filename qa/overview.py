"""Questions asking what a named document is about, and where the document says it.

"What is the Valdai Club report about?", "Summarize the paper on South-South cooperation", "What
are the main points of the report by Tsvetov?" name a document, not a fact. No passage holds
"about", and the words that name the document (its publisher, its authors) often stand only in its
front matter, so searching them finds the front matter, which has nothing to quote, and the
question was refused. Such a question is answered by the document's own summary: the first
statements of its abstract, summary or main points, else of its opening, in the document's order.

Only English wordings are recognised. A question is taken for one only when its words name exactly
one document; otherwise it is answered as any other question.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

from qa.answer import AnswerSettings, render
from qa.backmatter import inside
from qa.candidates import Candidate, candidates
from qa.folding import fold
from qa.lexical import words
from qa.sentences import on_list_line
from qa.types import Answer, Chunk, Document, Passage, Span

# The question's wording, folded, without its closing punctuation; ``doc`` is the phrase naming the document.
_ASKS = tuple(re.compile(p) for p in (
    r"^what(?: is|'s| was) (?P<doc>.+?) (?:all )?about$",
    r"^what (?:does|did) (?P<doc>.+?) (?:say|argue|cover|discuss)$",
    r"^(?:summari[sz]e|tell me about|describe|give (?:me )?(?:a |an )?(?:short |brief )?(?:summary|overview) of)"
    r" (?P<doc>.+)$",
    r"^what (?:are|were) the (?:main|key) (?:points|findings|arguments|ideas|takeaways) of (?P<doc>.+)$",
    r"^what(?: is|'s) the (?:gist|summary|main (?:point|idea|argument)) of (?P<doc>.+)$",
))
# Words that say a phrase names a document ("the Valdai Club report", "the paper on ...").
_KINDS = "report article paper document study publication essay story piece brief"
# Words linking a document to what names it ("the article about ...", "the report by ...").
_LINKS = "about regarding concerning on by from this that"
_QUOTES = "\"'“‘«"
# A quoted phrase without one of them names a document by its title: this share of its words at least.
TITLE_SHARE = 0.6
# Where a document's name stands: its title and the opening of its text (front matter, byline, abstract).
FRONT = 1000
# A document's own summary, as a heading or a label opening a line ("## Main Points", "**Abstract.** In ...");
# looked for in the opening quarter of the document (a closing "Summary:" sums up the end, not the document).
_SUMMARY = re.compile(
    r"(?im)^[ \t#*_]*(?:abstract|executive summary|summary|main points|key points|key findings|highlights|overview)"
    r"\b[*_.:]*")


def document_phrase(question: str) -> str:
    """The phrase of ``question`` naming what it asks to be summed up, or "" when it asks no such thing.

    >>> document_phrase("What is the Valdai Club report about?"), document_phrase("Summarise the paper.")
    ('the valdai club report', 'the paper')
    >>> document_phrase("What is the trade volume?")
    ''
    """
    text = " ".join(fold(question).replace("’", "'").split()).rstrip("?.! ")
    for pattern in _ASKS:
        m = pattern.match(text)
        if m:
            return m.group("doc")
    return ""


def names_a_kind(phrase: str) -> bool:
    """Whether ``phrase`` says it is a document ("the paper on ...", "this report").

    >>> names_a_kind("And the paper by Tran Tuyen?"), names_a_kind("And in 2018?")
    (True, False)
    """
    return bool(set(words(phrase)) & set(words(_KINDS)))


def named_document(question: str, documents: Collection[Document]) -> Document | None:
    """The one document that ``question`` asks to be summed up, or None.

    The phrase naming it must say it is a document ("report", "paper", ...) and have its other words
    in the document's title or opening, or be a quoted title (most of the title's words); and no
    other document may fit as well. "The report" alone names the only document of an index of one.
    """
    phrase = document_phrase(question)
    if not phrase:
        return None
    rest = set(words(phrase)) - set(words(_KINDS)) - set(words(_LINKS))
    if names_a_kind(phrase):
        if not rest:
            return next(iter(documents)) if len(documents) == 1 else None
        fits = [d for d in documents if rest <= _front_words(d)]
    elif phrase[0] in _QUOTES:  # a title, quoted
        fits = [d for d in documents if rest and rest <= _front_words(d) and _title_share(rest, d) >= TITLE_SHARE]
    else:  # "What was the movie Fried Green Tomatoes about?" asks about the film, not about a document
        return None
    return fits[0] if len(fits) == 1 else None


def summary_start(document: Document) -> int:
    """Where the document's own summary begins (its abstract, summary or main points), else 0."""
    m = _SUMMARY.search(document.text, 0, max(FRONT, len(document.text) // 4))
    return m.start() if m else 0


def summary_answer(
    question: str, search_question: str, document: Document, chunks: Sequence[Chunk], settings: AnswerSettings,
    references: tuple[Span, ...] = (), after: int = 0,
) -> Answer | None:
    """The document's own summary as an answer: its first statements from ``summary_start``, in its
    order, up to ``settings.max_sentences``, each cited; not a line of a list or a table (a contents
    list, key facts), nor of a reference list (``references``). ``chunks``: the document's. None when
    there is none to quote. They are chosen by where they stand, not scored: the confidence is 1.
    ``after``: where the summary given so far ends, for a request for more; it goes on from there."""
    chosen: list[Candidate] = []
    after = max(after, summary_start(document))
    for c in _statements_from(chunks, after, settings.min_words):
        if c.start < after or inside(references, c.start) or on_list_line(c.passage.text, c.start - c.passage.start):
            continue
        chosen.append(c)
        after = c.end  # chunks overlap: a sentence is read once
        if len(chosen) == settings.max_sentences:
            break
    if not chosen:
        return None
    read = list(dict.fromkeys(c.passage for c in chosen))
    return render(question, search_question, [(c, [c]) for c in chosen], read, 1.0)


def _statements_from(chunks: Sequence[Chunk], start: int, min_words: int) -> Iterator[Candidate]:
    """The statements of ``chunks`` (one document's) in the document's order, read chunk by chunk from
    the one holding ``start``, so that only as much of the document is read as the summary takes.
    Chunks overlap, so a sentence may come twice; the caller reads each once."""
    for rank, chunk in enumerate(sorted(chunks, key=lambda c: c.start), start=1):
        if chunk.end > start:
            yield from candidates([Passage.of(chunk, 1.0, rank)], min_words)


def _front_words(document: Document) -> set[str]:
    return set(words(f"{document.title}\n{document.text[:FRONT]}"))


def _title_share(said: set[str], document: Document) -> float:
    title = set(words(document.title))
    return len(said & title) / len(title) if title else 0.0
