"""Sentence spans with exact character offsets.

Segmentation is sentencex's (Wikimedia; rules for ~300 languages). Lines are units too: a
heading, a list item or a table row ends where its line ends, unless the line wraps: the next line
starts in lower case (a hard-wrapped sentence, as PDF text often has), or the line ends in
Markdown's hard line break (two spaces) and the next line is plain text, not a new block. A heading
or list item is continued by a lower-case line only if it could have been wrapped there, that is if
the next line's first word would not have fitted on it: a short table-of-contents entry before a
long paragraph ("- 7. Outlook" / "during a working trip ...") is no wrapped line.
"""

from __future__ import annotations

import re

from qa.statements import is_table_rule
from qa.types import Span

_LINE_BREAK = re.compile(r"(?:\r?\n)+")  # Windows line ends too: .txt and .md keep them as stored
_BULLET = "[-*+•]"  # what opens a list item, for both rules below
# markup before a sentence's first word: a list bullet, or the closing half of a bold run split at
# its full stop ("**Abstract.** In the ...")
_LEADING_MARKUP = re.compile(rf"(?:\*\*\*?|__|{_BULLET})\s+")
# a line that opens a new block (heading, quote, table row, list item): a hard break never joins it
_BLOCK_START = re.compile(rf"\s*(?:[#>|]|{_BULLET}|\d+[.)]\s)")
# a heading or list item: continued by a lower-case line only if it could have wrapped there
_HEADING_OR_ITEM = re.compile(rf"\s*(?:#|{_BULLET}\s|\d+[.)]\s)")
# a list item or a table row: a line of a contents list, a key-facts table
_ITEM_OR_ROW = re.compile(rf"[ \t]*(?:\||{_BULLET}\s|\d+[.)]\s)")
# Recorded in the index manifest: a change to these rules moves chunk boundaries.
RULES = "lines-6"


def split_sentences(text: str, start: int = 0, end: int | None = None, lang: str = "en") -> list[Span]:
    """Absolute (start, end) spans of the sentences in ``text[start:end]``, whitespace trimmed."""
    from sentencex import get_sentence_boundaries

    end = len(text) if end is None else end
    spans: list[Span] = []
    for piece in get_sentence_boundaries(lang, text[start:end]):
        a, b = start + piece["start_index"], start + piece["end_index"]
        spans.extend(_split_lines(text, a, b))
    return spans


def _split_lines(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    cursor = start
    for brk in _LINE_BREAK.finditer(text, start, end):
        if _wraps(text, brk.start(), brk.end()):
            continue
        spans.extend(_trim(text, cursor, brk.start()))
        cursor = brk.end()
    spans.extend(_trim(text, cursor, end))
    return spans


def _wraps(text: str, brk_start: int, brk_end: int) -> bool:
    """Whether the line break at ``text[brk_start:brk_end]`` continues the same sentence."""
    if text[brk_end:brk_end + 1].islower():
        line_start = text.rfind("\n", 0, brk_start) + 1
        return not _HEADING_OR_ITEM.match(text, line_start) or _could_wrap(text, line_start, brk_start, brk_end)
    hard_break = text.count("\n", brk_start, brk_end) == 1 and text[max(brk_start - 2, 0):brk_start] == "  "
    return hard_break and not _BLOCK_START.match(text, brk_end)


def opens_line(text: str, at: int) -> bool:
    """Whether the sentence at ``text[at:]`` opens a line of its own: it follows a line break that
    does not continue the line before (sentencex also splits at blank lines, which may wrap).

    >>> text = "- 7. Outlook\\nduring a long working trip to Hanoi, he signed the agreement.\\nfor which..."
    >>> opens_line(text, text.index("during")), opens_line(text, text.index("for")), opens_line(text, 0)
    (True, False, False)
    """
    brk_start = at
    while brk_start > 0 and text[brk_start - 1] in "\r\n":
        brk_start -= 1
    return brk_start < at and not _wraps(text, brk_start, at)


def _could_wrap(text: str, line_start: int, line_end: int, next_start: int) -> bool:
    """Whether the line ``text[line_start:line_end]`` could have been filled up to the width of the
    line at ``next_start`` by a wrapper: the next line's first word would not have fitted on it. A
    quarter of slack, as proportional fonts make a PDF's lines uneven in characters."""
    next_end = text.find("\n", next_start)
    next_line = text[next_start:len(text) if next_end < 0 else next_end]
    first_word = next_line.split(maxsplit=1)[0]
    return (line_end - line_start) + 1 + len(first_word) > 0.75 * len(next_line.rstrip())


def on_list_line(text: str, at: int) -> bool:
    """Whether ``text[at]`` stands on a line of a list or a table ("**Abstract.**" opens no list).

    >>> text = "- 1. Trade\\n| Key | Value |\\n**Abstract.** We study trade."
    >>> [on_list_line(text, text.index(w)) for w in ("Trade", "Value", "We")]
    [True, True, False]
    """
    return bool(_ITEM_OR_ROW.match(text, text.rfind("\n", 0, at) + 1))


def heads_table(text: str, end: int) -> bool:
    """Whether the line ending at ``text[end]`` is a table's header row: the table's rule follows it.
    A header names the columns ("| Sector | Russian Strengths | Recent Milestones |") and states nothing.

    >>> text = "| Sector | Russian Strengths |\\n|---|---|\\n| Energy | Natural gas extraction |"
    >>> heads_table(text, text.index("\\n")), heads_table(text, len(text)), heads_table(text, 8)
    (True, False, False)
    """
    line_end = text.find("\n", end)
    if line_end < 0 or text[end:line_end].strip():
        return False  # the line goes on, or ends the text
    next_start = line_end + 1
    next_end = text.find("\n", next_start)
    return is_table_rule(text[next_start:len(text) if next_end < 0 else next_end])


def quote_start(text: str, start: int, end: int) -> int:
    """Where a quote of the sentence ``text[start:end]`` begins: at its first word, after any list
    bullet or stray bold marker (sentence spans keep them, so that chunks cover every character).

    >>> [s[quote_start(s, 0, len(s)):] for s in ("- Trade grew.", "** In the context of trade.", "-5% fell.")]
    ['Trade grew.', 'In the context of trade.', '-5% fell.']
    """
    markup = _LEADING_MARKUP.match(text, start, end)
    return markup.end() if markup and markup.end() < end else start


def _trim(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []
