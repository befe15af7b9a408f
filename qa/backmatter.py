"""Where a document's reference list is. Its lines cite other works ("Mazyrin, V.M. (2021). The
State of the Russian-Vietnamese Strategic Partnership."); they stay searchable, but they are never
an answer's sentences: they state no fact about the question, they name where one might be found.

A reference list opens at a line that is only its name: a Markdown heading ("## References",
"## **7. Bibliography**", as HTML and DOCX headings are stored too) or a plain line, as in PDF text
("REFERENCES", "Список литературы", "Tài liệu tham khảo:"). It runs to the next Markdown heading
or to the end of the document. A paper's "how to cite this" line ("**For citation:** Tran Tuyen
(2025). Vietnam—Russia Relations ...", "Для цитирования: ...") is a reference too: it names the paper,
its authors and year as a reference list entry does, whatever the question asks.
"""

from __future__ import annotations

import re

from qa.folding import fold
from qa.sources import clean_heading
from qa.types import Document, Span

# folded (lower case, no diacritics) names of a reference list, in English, Russian and Vietnamese
NAMES = frozenset({
    "references", "reference list", "bibliography", "works cited", "literature cited", "cited literature",
    "references and notes", "sources cited", "список литературы", "литература", "библиография",
    "список использованных источников", "tai lieu tham khao",
})
_LINE = re.compile(r"^.*$", re.MULTILINE)
# folded labels that open a "how to cite this" line
_CITE_AS = re.compile(
    r"^[*_\s]*(for citation|citation|suggested citation|recommended citation|how to cite( this (article|paper))?"
    r"|to cite this (article|paper)|cite (this (article|paper) )?as|для цитирования|ссылка для цитирования"
    r"|trich dan|cach trich dan)[*_\s]*:")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+")


def is_reference_heading(line: str) -> bool:
    """Whether a line names a reference list and nothing else.

    >>> is_reference_heading("## **7. References**"), is_reference_heading("REFERENCES:")
    (True, True)
    >>> is_reference_heading("### 3.2. Data sources"), is_reference_heading("References are below.")
    (False, False)
    """
    text = _NUMBERING.sub("", clean_heading(line.strip().lstrip("#")))
    return fold(text.rstrip(":").strip()) in NAMES


def reference_spans(document: Document) -> tuple[Span, ...]:
    """The (start, end) of each reference list in the document, from its name line to the next of
    the document's headings."""
    text = document.text
    spans: list[Span] = []
    heading_starts = [start for start, _ in document.headings]
    for match in _LINE.finditer(text):
        line = match.group(0)
        if spans and match.start() < spans[-1][1]:
            continue  # a line inside a list already found
        if is_cite_as(line):
            spans.append((match.start(), match.end()))
        elif len(line) <= 80 and is_reference_heading(line):
            end = next((start for start in heading_starts if start > match.start()), len(text))
            spans.append((match.start(), end))
    return tuple(spans)


def is_cite_as(line: str) -> bool:
    """Whether a line tells how to cite the work it is in.

    >>> is_cite_as("**For citation:** Tran Tuyen (2025). Vietnam—Russia"), is_cite_as("Для цитирования: Чан Туен.")
    (True, True)
    >>> is_cite_as("Citation counts rose: 12 in 2024.")
    False
    """
    return bool(_CITE_AS.match(fold(line)))


def inside(spans: tuple[Span, ...], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
