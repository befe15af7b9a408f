"""Resolve an elliptical follow-up ("and in 2018?") against the previous question.

A follow-up is a question that opens with a connective ("and", "what about", "how about"), names
nothing but question words ("When?", "How many?"), or is a fragment of one or two content words that
does not open as a question does ("In 2018?", "Laos?"); "What is ASEAN?" stands on its own. It is
resolved by taking the previous question and replacing its years with the follow-up's (or appending
the follow-up's words when it has no year). Nothing is generated: the result is only used to search
and score, never shown as an answer.
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


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on the one before it (the three cases of the module docstring).

    >>> [is_follow_up(q) for q in ("And in 2018?", "When?", "In 2018?", "What is ASEAN?", "Who is Putin?")]
    [True, True, True, False, False]
    """
    if _CONNECTIVE.match(question):
        return True
    words = content_words(question)
    return not words or (len(words) <= MAX_FRAGMENT_WORDS and not opens_as_question(question))


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
