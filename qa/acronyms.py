"""Acronyms the documents define, so that a question using either form finds both.

A document writes "the Eurasian Economic Union (EAEU)" once and "the EAEU" after; a question asking
about "the Eurasian Economic Union" shares no word with those later passages, and BM25 misses them.
At build time the definitions are found with the Schwartz-Hearst algorithm (the ``abbreviations``
package; "A Simple Algorithm for Identifying Abbreviation Definitions in Biomedical Text", 2003),
one sentence at a time. At search time a question naming a long form also asks for its acronym, and
a question naming an acronym also asks for its long form when the documents define it one way only,
at a lower weight than the question's own words (``SearchSettings.acronym_weight``).

A document also names, without defining them, the acronyms its runs of capitalised words could be
written as ("Free Trade Agreement": "FTA"); ``initialisms`` gives them, and answering counts them
among the names a document mentions.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from qa.folding import fold
from qa.statements import UPPER

FILE = "acronyms.json"
# what counts as an acronym: one token with two capitals or more ("EAEU", "hESCs", "IRF7"); the
# algorithm also pairs roman numerals of a list ("(iii)") or a volume ("(T. 4)") with a definition
_ACRONYM = re.compile(r"(?=(?:[\w-]*[A-ZА-Я]){2})[^\W_][\w-]*")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Acronyms:
    """``definitions``: acronym -> the long forms the documents define it with, as written."""

    definitions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def _by_first(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Folded long forms by their first word, with their acronym."""
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for acronym, longs in self.definitions.items():
            for long in longs:
                folded = tuple(_WORD.findall(fold(long)))
                if folded:
                    by_first.setdefault(folded[0], []).append((folded, acronym))
        return by_first

    def other_forms(self, query: str) -> list[str]:
        """The other form of each acronym or long form ``query`` names.

        >>> a = Acronyms({"EAEU": ("Eurasian Economic Union",), "ASE": ("allele-specific expression",
        ...               "American Society of Echocardiography")})
        >>> a.other_forms("Which trade deal links Vietnam with the Eurasian Economic Union?")
        ['EAEU']
        >>> a.other_forms("When will the EAEU sign?"), a.other_forms("Is ASE common?")
        (['Eurasian Economic Union'], [])
        """
        extra: list[str] = []
        for token in dict.fromkeys(_TOKEN.findall(query) + _WORD.findall(query)):
            longs = self.definitions.get(token, ())
            if len({fold(long) for long in longs}) == 1:
                extra.append(longs[0])
        folded = _WORD.findall(fold(query))
        for i, word in enumerate(folded):
            for long, acronym in self._by_first.get(word, ()):
                if tuple(folded[i:i + len(long)]) == long and acronym not in extra:
                    extra.append(acronym)
        return extra

    def save(self, directory: Path) -> None:
        text = json.dumps(self.definitions, ensure_ascii=False, sort_keys=True, indent=0)
        (directory / FILE).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Acronyms:
        path = directory / FILE
        if not path.is_file():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls({acronym: tuple(longs) for acronym, longs in raw.items()})


# a run of capitalised words, joined by spaces or hyphens and by a few small words ("Russian Academy
# of Sciences", "Public-Private Partnership"); a line break ends a run
_SMALL = ("of", "and", "for", "the", "on", "in", "de")
_RUN = re.compile(rf"[{UPPER}][\w’']*(?:(?:[ \t]+(?:(?:{'|'.join(_SMALL)}|&)[ \t]+)*|-)[{UPPER}][\w’']*)+")
_PART = re.compile(r"[^\W_][\w’']*")


def initialisms(text: str, longest: int = 8) -> frozenset[str]:
    """The acronyms that ``text``'s runs of capitalised words could be written as, in lower case:
    "the EAEU-Vietnam Free Trade Agreement" gives "fta" (and "vfta", "evfta", ...), "Russian Academy
    of Sciences" gives "ras" and "raos". A question naming an acronym a document never writes
    ("What is the Vietnam-EAEU FTA?") is about something that document names in full.

    >>> sorted(initialisms("the EAEU-Vietnam Free Trade Agreement") & {"fta", "evfta", "eft"})
    ['evfta', 'fta']
    >>> sorted(initialisms("the Russian Academy of Sciences said"))
    ['aos', 'as', 'ra', 'raos', 'ras']
    """
    found: set[str] = set()
    for run in _RUN.finditer(text):
        parts = _PART.findall(fold(run.group(0)))
        capitals = [i for i, p in enumerate(parts) if p not in _SMALL]
        for a, start in enumerate(capitals):
            for end in capitals[a + 1: a + longest]:
                span = parts[start:end + 1]
                found.add("".join(p[0] for p in span if p not in _SMALL))
                found.add("".join(p[0] for p in span))
    return frozenset(found)


def find(sentences: Iterable[str]) -> Acronyms:
    """The acronyms defined in ``sentences``, each with its distinct long forms (two words or more)."""
    extract = _extractor()
    found: dict[str, dict[str, str]] = {}
    for sentence in sentences:
        if "(" not in sentence:
            continue
        line = " ".join(sentence.split())
        for acronym, long in extract(doc_text=line).items():
            long = " ".join(long.split())
            if _ACRONYM.fullmatch(acronym) and len(_WORD.findall(long)) >= 2:
                found.setdefault(acronym, {}).setdefault(fold(long), long)
    return Acronyms({a: tuple(longs.values()) for a, longs in sorted(found.items())})


def _extractor() -> Callable[..., dict[str, str]]:
    """The package's extractor. Importing it calls ``logging.basicConfig``; the root logger's
    handlers and level are put back, so that importing ``qa`` never changes an app's logging."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        from abbreviations.schwartz_hearst import extract_abbreviation_definition_pairs
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    extract: Callable[..., dict[str, str]] = extract_abbreviation_definition_pairs
    return extract
