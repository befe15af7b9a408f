"""What a question asks about: its words beyond the question words.

"And when?" or "Who is it?" names nothing to look for. Searched as it is, such a question still
returns the passages nearest to nothing in particular, and an answer quoted from them would be
cited, confident-looking and unrelated; the engine asks for a question instead (see ``qa.engine``).
"""

from __future__ import annotations

from functools import lru_cache

from qa.folding import fold, fold_words
from qa.lexical import tokenize, words

# The verbs an English question asks with: "Was it ...?", "... when did it ...?"
AUXILIARIES = ("is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "has", "have",
               "had", "should")
# folded (lower case, no diacritics). Words a question of its own opens with, English and Russian
# (Vietnamese puts its question word last) ...
OPENERS = frozenset(fold(w) for w in (
    "who whom whose what when where which why how "
    "кто что где когда сколько как почему зачем какой какая какое какие"
).split()) | frozenset(AUXILIARIES)
# ... and every word that asks without naming what is asked about, Vietnamese included
QUESTION_WORDS = OPENERS | frozenset(fold(w) for w in (
    "in on of the a an and or name list give tell show me more about please explain describe many much "
    "he she it they him her them his its their this that these those there "
    "ai gì nào đâu bao nhiêu khi sao tại thế"
).split())


@lru_cache(maxsize=1)
def _stemmed_question_words() -> frozenset[str]:
    return frozenset(tokenize([" ".join(sorted(QUESTION_WORDS))])[0])


def content_words(question: str) -> tuple[str, ...]:
    """The question's words as the lexical index has them (folded, stemmed, no stop words), less
    the question words: what a passage would have to mention to be about the question.

    >>> content_words("And when?"), content_words("Khi nào?")
    ((), ())
    >>> content_words("When did Phạm Tuân fly?")
    ('pham', 'tuan', 'fli')
    """
    skip = _stemmed_question_words()
    # lexical.words is cached: a conversation's earlier questions are looked at again on every turn
    return tuple(w for w in words(question) if w not in skip)


def opens_as_question(question: str) -> bool:
    """Whether ``question`` opens as a question of its own does ("What is ASEAN?"; not "In 2018?").

    >>> opens_as_question("What's ASEAN?"), opens_as_question("Кто такой Путин?"), opens_as_question("In 2018?")
    (True, True, False)
    """
    first = fold_words(question)[:1]
    return bool(first) and first[0] in OPENERS
