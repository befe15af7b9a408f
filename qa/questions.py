"""What a question asks about: its words beyond the question words.

"And when?" or "Who is it?" names nothing to look for. Searched as it is, such a question still
returns the passages nearest to nothing in particular, and an answer quoted from them would be
cited, confident-looking and unrelated; the engine asks for a question instead (see ``qa.engine``).
"""

from __future__ import annotations

import re
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


# A request wrapped around what is asked: "Tell me about Rosatom", "Can you explain why ...", "What can
# you tell me about ...", "I'd like to know when ...", "Please, ...", "Скажите, пожалуйста, ...",
# "Расскажите о ...", "Cho tôi biết ...". The wrapping asks nothing: embedded or searched with it, the
# question sits nearer to other requests than to the passages that answer it.
_PLEASE = r"(?:please|пожалуйста|vui\s+lòng)"
_ENGLISH_REQUEST = (
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:(?:tell|show|give)\s+me(?:\s+(?:more|something|everything|all))?(?:\s+(?:about|regarding)\b)?"
    r"|(?:explain|describe|summari[sz]e|outline)(?:\s+to\s+me)?|let\s+me\s+know)"
    r"|what\s+(?:else\s+)?(?:can|could|do)\s+you\s+(?:tell\s+me|know|say)\s+(?:about|of|on|regarding)"
    r"|(?:i(?:'d|’d|\s+would)\s+like|i\s+want|i\s+need)\s+to\s+know(?:\s+(?:more\s+)?about\b)?"
    r"|do\s+you\s+know|i\s+wonder"
)
_RUSSIAN_REQUEST = (
    r"(?:(?:не\s+могли\s+бы\s+вы|можете(?:\s+ли)?)\s+)?"
    r"(?:скажите|расскажите|подскажите|объясните|опишите|сказать|рассказать|подсказать|объяснить|описать)"
    r"(?:\s+(?:мне|нам))?(?:\s+(?:о|об|обо|про)\b)?"
    r"|(?:я\s+)?(?:хочу|хотел\s+бы|хотела\s+бы|хотелось\s+бы)\s+(?:знать|узнать)(?:\s+(?:о|об|обо|про)\b)?"
)
_VIETNAMESE_REQUEST = (
    r"(?:bạn\s+)?(?:có\s+thể\s+)?(?:hãy\s+)?(?:vui\s+lòng\s+)?(?:xin\s+)?cho\s+(?:tôi\s+|mình\s+)?biết(?:\s+về)?"
    r"|(?:hãy\s+)?(?:kể|nói)\s+(?:cho\s+(?:tôi|mình)\s+)?(?:nghe\s+)?về|(?:hãy\s+)?(?:giải\s+thích|mô\s+tả)"
)
_REQUEST = re.compile(
    rf"^\s*(?:(?:hi|hello|hey)\b[\s,!.]*)?(?:{_PLEASE}\b[\s,]*)?"
    rf"(?:(?:{_ENGLISH_REQUEST}|{_RUSSIAN_REQUEST}|{_VIETNAMESE_REQUEST})\b(?:[\s,]*{_PLEASE}\b)?[\s,:]*)?",
    re.IGNORECASE,
)
# after a comma or the question's end: "..., please?", "...? Please." ("... as they please?" asks it)
_CLOSING_PLEASE = re.compile(rf"(?:\s*,|(?<=[?.!]))\s*{_PLEASE}\b[\s?.!]*$", re.IGNORECASE)


def asked(question: str) -> str:
    """What a request asks, without the words that make it one; any other question as it is.

    >>> asked("Tell me about Rosatom in Vietnam"), asked("Can you tell me when ties were established?")
    ('Rosatom in Vietnam', 'When ties were established?')
    >>> asked("What can you tell me about Vietsovpetro, please?"), asked("Please describe the EAEU FTA.")
    ('Vietsovpetro?', 'The EAEU FTA.')
    >>> asked("Who told Putin?"), asked("Tell me more"), asked("Describe"), asked("When did Tuân fly? Please.")
    ('Who told Putin?', 'Tell me more', 'Describe', 'When did Tuân fly?')
    >>> asked("Can members vote as they please?")
    'Can members vote as they please?'
    >>> asked("Скажите, пожалуйста, когда летал Фам Туан?"), asked("Cho tôi biết Phạm Tuân bay năm nào?")
    ('Когда летал Фам Туан?', 'Phạm Tuân bay năm nào?')
    """
    wrapping = _REQUEST.match(question)
    rest = question[wrapping.end():] if wrapping is not None and wrapping[0].strip() else question
    closing = _CLOSING_PLEASE.search(rest)
    if closing is not None:  # "..., please?" and "...? Please." as "...?"
        rest = rest[:closing.start()]
        rest += "?" if "?" in closing[0] and not rest.endswith(("?", ".", "!")) else ""
    if rest == question or not _content(rest):
        return question
    return rest[0].upper() + rest[1:]  # as the question would open on its own: "What is ...", "Rosatom ..."


def is_request(question: str) -> bool:
    """Whether ``question`` is a request wrapped around something to ask ("Tell me about Laos").

    >>> is_request("Tell me about Laos"), is_request("Laos?"), is_request("Tell me more")
    (True, False, False)
    """
    return asked(question) != question


@lru_cache(maxsize=1)
def _stemmed_question_words() -> frozenset[str]:
    return frozenset(tokenize([" ".join(sorted(QUESTION_WORDS))])[0])


def content_words(question: str) -> tuple[str, ...]:
    """The question's words as the lexical index has them (folded, stemmed, no stop words), less
    the question words and a request's wrapping: what a passage would have to mention to be about
    the question.

    >>> content_words("And when?"), content_words("Khi nào?")
    ((), ())
    >>> content_words("When did Phạm Tuân fly?"), content_words("I'd like to know when Phạm Tuân flew")
    (('pham', 'tuan', 'fli'), ('pham', 'tuan', 'flew'))
    """
    return _content(asked(question))


def _content(question: str) -> tuple[str, ...]:
    skip = _stemmed_question_words()
    # lexical.words is cached: a conversation's earlier questions are looked at again on every turn
    return tuple(w for w in words(question) if w not in skip)


def opens_as_question(question: str) -> bool:
    """Whether ``question`` opens as a question of its own does ("What is ASEAN?"; not "In 2018?").

    A request opens as one: "Tell me about Laos" asks of Laos, not of the question before it.

    >>> opens_as_question("What's ASEAN?"), opens_as_question("Кто такой Путин?"), opens_as_question("In 2018?")
    (True, True, False)
    >>> opens_as_question("Tell me about Laos")
    True
    """
    first = fold_words(question)[:1]
    return (bool(first) and first[0] in OPENERS) or is_request(question)
