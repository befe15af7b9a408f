"""Vietnamese typed without its diacritics, as many people type it ("nha du hanh vu tru dau tien cua
Viet Nam la ai"), is given them back before it is identified and embedded: without them the
multilingual embedder barely reads it, and the language identifier often does not take it for
Vietnamese at all. Restoration is pyvi's (``ViUtils.add_accents``, a CRF model shipped in the
package); it is far from perfect ("Nga" often becomes "ngã"), and the multilingual embedder reads its
output well enough all the same.

A question is taken for toneless Vietnamese when no letter of it is outside ASCII, it has at least
two lower-case words, and at least 80% of those are Vietnamese syllables once folded (pyvi's word
list); names are capitalised and left out of the count. On the seeds gold sets no English question
reaches 60%, and every Vietnamese one stripped of its diacritics is at 100%. The restored text must
then also be identified as Vietnamese.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from qa.folding import fold
from qa.language import question_language

VIETNAMESE = "vi"
SYLLABLE_SHARE = 0.8
_WORD = re.compile(r"[^\W\d_]+")
_TAGGER_LOCK = threading.Lock()  # pyvi tags with one shared crfsuite model; the app answers in threads


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every syllable of pyvi's Vietnamese word list, folded ("nhà du hành" gives nha, du, hanh)."""
    import pyvi

    words = (Path(pyvi.__file__).parent / "models" / "words.txt").read_text(encoding="utf-8")
    return frozenset(fold(word) for word in words.split())


def looks_toneless_vietnamese(question: str) -> bool:
    """Whether ``question`` reads as Vietnamese written without its diacritics.

    >>> looks_toneless_vietnamese("Pham Tuan bay vao vu tru nam nao?")
    True
    >>> [looks_toneless_vietnamese(q) for q in ("Phạm Tuân bay vào vũ trụ năm nào?",
    ...     "When did Putin meet Pham Minh Chinh at the BRICS Summit?", "Ho Chi Minh")]
    [False, False, False]
    """
    if not question.isascii():
        return False
    lower = [fold(w) for w in _WORD.findall(question) if w[:1].islower()]
    if len(lower) < 2:
        return False
    syllables = _syllables()
    return sum(w in syllables for w in lower) >= SYLLABLE_SHARE * len(lower)


def restore(question: str) -> str:
    """``question`` with its Vietnamese diacritics restored when it is toneless Vietnamese, else as
    it is. The letters keep their case as typed (pyvi capitalises some words).

    >>> restore("Pham Tuan bay vao vu tru nam nao?") != "Pham Tuan bay vao vu tru nam nao?"
    True
    >>> restore("Who was the first Vietnamese cosmonaut?")
    'Who was the first Vietnamese cosmonaut?'
    """
    if not looks_toneless_vietnamese(question):
        return question
    restored = _add_accents(question)
    if len(restored) == len(question):
        restored = "".join(r.upper() if q.isupper() else r.lower() for q, r in zip(question, restored, strict=True))
    return restored if question_language(restored) == VIETNAMESE else question


def _add_accents(text: str) -> str:
    from pyvi import ViUtils  # loads the model (scikit-learn, python-crfsuite): about 1.3 s, once

    with _TAGGER_LOCK:
        return str(ViUtils.add_accents(text))
