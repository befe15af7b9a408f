"""Resolve an elliptical follow-up ("and in 2018?") against the previous question.

A follow-up is a question that opens with a connective ("and", "what about", "how about"), names
nothing but question words ("When?", "How many?"), or is a fragment of one or two content words that
does not open as a question does ("In 2018?", "Laos?"); "What is ASEAN?" stands on its own. It is
resolved by taking the previous question and replacing its years with the follow-up's (or appending
the follow-up's words when it has no year). Nothing is generated: the result is only used to search
and score, never shown as an answer.

A request for more ("Tell me more", "What else?", "Расскажите подробнее", "Còn gì nữa không?") asks
the previous question again; the engine answers it with the sentences not given yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.folding import fold
from qa.overview import document_phrase, names_a_kind
from qa.questions import content_words, opens_as_question

_OF = re.compile(r"^(of|about|on)\s+", re.IGNORECASE)
_CONNECTIVE = re.compile(r"^\s*(and|but|also|what about|how about|and what about|then)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MAX_FRAGMENT_WORDS = 2

# A request for more is made only of these words, one of the first set among them (lower case, "ё" as
# "е"): "Tell me more", "Anything else?", "Go on", "Ещё", "Расскажите подробнее", "Nói thêm đi".
_MORE = frozenset(
    "more else further elaborate continue expand details detail "
    "еще больше подробнее подробней дальше продолжай продолжайте "
    "thêm nữa tiếp".split()
)
_MORE_PHRASE = re.compile(r"\b(go\s+on|keep\s+going|chi\s+tiết|tiếp\s+tục)\b")
_ALONG = frozenset(
    "tell say give show me us please can could would will you anything something is are there what who "
    "where which how "
    "whats s about it this that him her them and on some any info information i id d want to like know "
    "do does have has the a bit little lot ok okay thanks thank so yes go keep going in of "
    "расскажи расскажите скажи скажите мне нам о об про этом нем ней них пожалуйста а и что есть ли "
    "можно ну "
    "cho tôi mình biết nói kể đi không gì về điều này đó hãy vui lòng có còn xin hơn nghe với ạ được "
    "chi tiết tục".split()
)


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on the one before it (the three cases of the module docstring).

    >>> [is_follow_up(q) for q in ("And in 2018?", "When?", "In 2018?", "What is ASEAN?", "Who is Putin?")]
    [True, True, True, False, False]
    """
    if _CONNECTIVE.match(question):
        return True
    words = content_words(question)
    return not words or (len(words) <= MAX_FRAGMENT_WORDS and not opens_as_question(question))


def asks_for_more(question: str) -> bool:
    """Whether ``question`` only asks for more on the question before it.

    >>> [asks_for_more(q) for q in ("Tell me more", "Who else?", "Go on.", "Ещё?", "Còn gì nữa không?")]
    [True, True, True, True, True]
    >>> [asks_for_more(q) for q in ("Tell me more about Rosatom", "What else did Putin say?", "Tell me about it")]
    [False, False, False]
    """
    lowered = question.lower().replace("ё", "е").replace("’", "'")
    tokens = re.findall(r"\w+", lowered)
    if not tokens or not all(t in _MORE or t in _ALONG for t in tokens):
        return False
    return any(t in _MORE for t in tokens) or bool(_MORE_PHRASE.search(lowered))


def leans_on_previous(question: str) -> bool:
    """Whether ``question`` cannot be answered without the one before it: a connective opening a
    fragment ("And in 2018?", "What about Laos?"), or nothing named but numbers ("In 2018?"). A
    fragment such as "Laos?" can stand alone as a search for what the documents say of Laos, and a
    whole question after a connective stands alone too ("What about Luther declined as ...?").

    >>> [leans_on_previous(q) for q in ("And in 2018?", "In 2018?", "What about Laos?", "Laos?", "Who is Putin?")]
    [True, True, True, False, False]
    """
    words = content_words(question)
    if words and all(w.isdigit() for w in words):  # tokens are word characters: "1,000" is "000"
        return True
    return bool(_CONNECTIVE.match(question)) and len(words) <= MAX_FRAGMENT_WORDS


MAX_CHAIN = 20  # earlier questions looked at: a chain of follow-ups starts at a question of its own


def resolve(question: str, history: Sequence[str]) -> str:
    """The question to search for, given the previous questions (oldest first). Earlier questions
    are resolved in turn, so a follow-up of a follow-up keeps the topic of the question they follow.

    >>> resolve("And in 2018?", ["What was two-way trade worth in 2000?"])
    'What was two-way trade worth in 2018?'
    >>> resolve("And in 2020?", ["What was two-way trade worth in 2000?", "And in 2018?"])
    'What was two-way trade worth in 2020?'
    >>> resolve("Who founded AFK Sistema?", ["What was two-way trade worth in 2000?"])
    'Who founded AFK Sistema?'
    >>> resolve("And of the paper by Tran Tuyen?", ["What are the main points of the Valdai report?"])
    'What is the paper by Tran Tuyen about?'
    """
    previous = ""
    for earlier in history[-MAX_CHAIN:]:
        if earlier and earlier.strip():
            previous = _resolve_one(earlier.strip(), previous)
    return _resolve_one(question, previous)


def _resolve_one(question: str, previous: str) -> str:
    if previous and asks_for_more(question):
        return previous
    if not previous or not is_follow_up(question):
        return question
    years = _YEAR.findall(question)
    if years and _YEAR.search(previous):
        resolved = _YEAR.sub(years[0], previous, count=1)
        return resolved
    extra = _CONNECTIVE.sub("", question).strip(" ?.!")
    if not extra or fold(extra) in fold(previous):
        return previous
    if document_phrase(previous) and names_a_kind(extra):  # the same asked of another document
        return f"What is {_OF.sub('', extra)} about?"
    return f"{previous.rstrip(' ?.!')} {extra}?"
