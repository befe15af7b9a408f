"""A name spelt one letter off the documents' spelling is read as the documents spell it.

"Who flew with Victor Gorbatko?" of documents that write "Viktor Gorbatko" shares no word of the
name "Viktor" with them, and "Gorbatco" would share none of "Gorbatko": BM25 misses the word, and the
grounding rule (a name the question names must be in the document, ``qa.answer``) refuses the
question outright, confidence 0. Russian and Vietnamese names have several Latin spellings
("Yevtushenko", "Yevtushenkov"), and typing drops, adds or swaps letters.

So a capitalised word of the question that no indexed chunk holds, of at least five letters, not
opening the question and not an acronym, is replaced by the name of the documents one edit away (a
letter added, dropped, changed, or two neighbours swapped: the optimal string alignment distance,
rapidfuzz's): a capitalised word the documents write other than after a sentence's end, beginning
with the same letter or differing from it only by a first letter added or dropped ("Evtushenkov",
"Yevtushenkov"), so that "Zambia" is never read as "Gambia". Of several such names the one the
documents write most often is taken; of several written as often, none. A name the documents hold
is never changed, whatever its spelling, and a word with none one edit away is left to be refused.
The question as read is what the answer shows as "read as".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qa.folding import fold
from qa.questions import QUESTION_WORDS

MIN_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+")
# a word not opening a line or a sentence: when capitalised, a name, not a sentence's first word
_INNER_WORD = re.compile(rf"(?<![.!?]\s)(?<!^)\b[^\W\d_]{{{MIN_LETTERS},}}", re.MULTILINE)


@dataclass(frozen=True)
class Names:
    """The documents' names: each folded spelling with how often it is written, and its commonest
    written form ("gorbatko": "Gorbatko")."""

    counts: dict[str, int]
    written: dict[str, str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Names:
        """The names written in ``texts``.

        >>> names = Names.of(["Russia sent Viktor Gorbatko. Soyuz flew.", "With Gorbatko flew Phạm Tuân."])
        >>> sorted(names.counts.items()), names.written["gorbatko"]
        ([('gorbatko', 2), ('viktor', 1)], 'Gorbatko')
        """
        forms: Counter[str] = Counter()
        for text in texts:
            forms.update(w for w in _INNER_WORD.findall(text) if w[0].isupper() and not w.isupper())
        counts: Counter[str] = Counter()
        written: dict[str, str] = {}
        for form, n in forms.most_common():
            key = fold(form)
            counts[key] += n
            written.setdefault(key, form)  # most_common first: the commonest form of each spelling
        return cls(dict(counts), written)

    def closest(self, word: str) -> str | None:
        """The documents' name one edit from ``word`` (folded), written as they write it; None when
        there is none, or several written equally often.

        >>> names = Names.of(["Viktor Gorbatko, Viktor Gorbatko and Yevtushenkov met Zambia."])
        >>> [names.closest(w) for w in ("victor", "gorbatco", "evtushenkov", "gambia", "gorbatko")]
        ['Viktor', 'Gorbatko', 'Yevtushenkov', None, None]
        """
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if word in self.counts:
            return None  # spelt as the documents spell it
        found = [
            (self.counts[name], name)
            for name, _, _ in process.extract(word, self.counts.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
            if _same_start(word, name)
        ]
        if not found:
            return None
        found.sort(reverse=True)
        if len(found) > 1 and found[0][0] == found[1][0]:
            return None
        return self.written[found[0][1]]


def _same_start(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` begin alike, or one is the other with a letter put before it."""
    return a[0] == b[0] or a[1:] == b or b[1:] == a


def respell(question: str, known: Callable[[str], bool], names: Callable[[], Names]) -> str:
    """``question`` with each name that the index does not hold (``known``, given the word) and that
    is one edit from one of the documents' ``names`` (called only when a word needs them) written
    as the documents write it.

    >>> names = Names.of(["Phạm Tuân flew with Viktor Gorbatko in 1980."])
    >>> known = lambda w: fold(w) in {"who", "flew", "with", "pham", "tuan", "viktor", "gorbatko"}
    >>> respell("Who flew with Victor Gorbatco?", known, lambda: names)
    'Who flew with Viktor Gorbatko?'
    >>> respell("Who flew with Viktor Gorbatko and Leonov?", known, lambda: names)
    'Who flew with Viktor Gorbatko and Leonov?'
    """
    parts: list[str] = []
    last = 0
    for i, m in enumerate(_WORD.finditer(question)):
        word = m.group(0)
        if i == 0 or not _could_be_misspelt(word) or known(word):
            continue
        found = names().closest(fold(word))
        if found is not None:
            parts += [question[last:m.start()], found]
            last = m.end()
    return "".join(parts) + question[last:] if parts else question


def _could_be_misspelt(word: str) -> bool:
    """A name long enough to be told from another by one letter: capitalised, not all capitals (an
    acronym's letters are no spelling), at least ``MIN_LETTERS`` long, no question word."""
    return (len(word) >= MIN_LETTERS and word[0].isupper() and not word.isupper()
            and fold(word) not in QUESTION_WORDS)
