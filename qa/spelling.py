"""British and American spellings of a word as one: "organisation" and "organization" meet.

A question spelt one way about documents spelt the other ("the Shanghai Cooperation Organisation"
in documents that say "Organization") would otherwise share neither the word nor, after stemming,
its stem (Snowball stems them "organis" and "organiz"), so BM25 missed it and the grounding rule
(a name the question names must be in the document) refused the question outright. Every word the
lexical index sees, documents' and questions' alike, is put in its American spelling first, from
breame's table of 1,730 British spellings (folded, lower-case words).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return dict(BRITISH_ENGLISH_SPELLINGS)


def american(words: list[str]) -> list[str]:
    """Each word in its American spelling where breame knows a British one; others as they are.

    >>> american(["organisation", "centre", "defence", "organization", "hanoi"])
    ['organization', 'center', 'defense', 'organization', 'hanoi']
    """
    table = _table()
    return [table.get(w, w) for w in words]
