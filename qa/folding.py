"""Case and diacritic folding, so that "Pham Tuan" finds "Phạm Tuân".

NFKD splits accented letters into base letter + combining marks, which we drop. Letters that
do not decompose (Vietnamese đ, German ß, ...) are mapped by hand.
"""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae"})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case, strip combining marks, map non-decomposing letters. Russian ё -> е as well."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def fold_words(text: str) -> list[str]:
    return _WORD.findall(fold(text))
