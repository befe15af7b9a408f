"""What a question asks for and what a sentence holds: answer types, numbers, years and names.

A question's type comes from its question words, matched on folded text, in English, Vietnamese and
Russian ("how many" / "bao nhiêu" / "сколько" ask for a number). Its anchors are what a near-miss
answer lacks: the numbers it names and its names (capitalised words that do not open it).
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.folding import fold
from qa.lexical import words
from qa.questions import AUXILIARIES, QUESTION_WORDS

# "How many" is answered by a figure or a number word ("seven", "a dozen", "hundreds"): on the 1,048
# SQuAD v1.1 dev questions typed "number", a gold answer in the answer 0.768 -> 0.819, refusals
# 0.087 -> 0.069 against digits alone. "One", "half", "twice" and the like are left out: they took
# SQuAD to 0.825 but are in most sentences, and answered one more unanswerable ClapNQ dev question.
_NUMBER = re.compile(
    r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|trillion|dozen|dozens|hundreds|thousands|millions)\b", re.IGNORECASE)
# What answers "when": a year from 1000 (or its decade, "the 1990s"), a month or weekday, a century,
# a year BC/AD, a time of day. Measured on the 1,142 SQuAD v1.1 dev questions typed "date": a gold
# answer in the answer 0.801 -> 0.838, refused 0.081 -> 0.063 (years 1800-2099 and months before;
# years from 1000 alone gave 0.828). Then centuries in the plural, a millennium, "years ago", "BP"
# and "the Second World War": 0.838 -> 0.842, refused 0.063 -> 0.061, cites the gold paragraph
# 0.860 -> 0.863 (read from "when was/did" questions answered by a sentence with no date seen).
_ORDINAL = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
            r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first")
_YEAR_OR_DATE = re.compile(
    r"\b(1\d{3}|20\d\d)s?\b|\b(january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    rf"|\b(\d{{1,2}}(st|nd|rd|th)|{_ORDINAL})[ -](century|centuries|millennium)\b|\b\d+\s*(bc|bce|ad|ce)\b"
    r"|\b(years?|yrs?)\s+ago\b|\b\d[\d,.]*\s*bp\b|\bworld war\b"
    r"|\b\d{1,2}(:\d\d)?\s*(am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d\d\b", re.IGNORECASE)
# "Who" is answered by a name. Two capitalised words only ("Martin Luther") left out one-word names
# ("Baiju", "Luther"): on the 1,264 SQuAD v1.1 dev questions typed "person", also counting one
# capitalised word that does not open the sentence took a gold answer in the answer 0.758 -> 0.783
# and refusals 0.062 -> 0.048.
_NAME = re.compile(r"\b[A-ZÀ-Ỹ][\w’'-]+(?:\s+[A-ZÀ-Ỹ][\w’'-]+)+")
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-ZÀ-ỸА-Я][\w’'-]+")
# "Where" is answered by a name or by a place described with a preposition ("in collenchyma tissue",
# "near the mouth"): on the 535 SQuAD v1.1 dev questions typed "place", a gold answer in the answer
# 0.755 -> 0.793 and refusals 0.037 -> 0.026 against names alone.
_LOCATIVE = re.compile(
    r"\b(in|at|on|near|inside|within|throughout|across|along|between|from|into|beneath|under|above)\s+[^\W\d]",
    re.IGNORECASE)
# A measure named after "what (is the)", one optional word between, asks for a number: "what share",
# "what is the population of", "what was the total cost". Beyond share, percentage, proportion,
# number and amount (asked for from the start), the nouns are those whose SQuAD v1.1 dev questions
# of this form have numeric gold answers (109 of the 113 they newly typed); "area", "size", "rate",
# "value" and "duration" were left out, mostly answered with words ("what area" -> a place).
_MEASURED = (
    r"\b(what|which)('s| is| was| are| were)? (the |its |their )?(\w+ )?(population|average|total|"
    r"length|height|width|diameter|distance|depth|weight|speed|temperature|age|cost|price|budget|"
    r"salary|score|percent|percentage|proportion|share|number|amount)\b"
)
# A rate, ratio or tariff asked for as the thing the question is about asks for a figure: "what was
# the inflation rate", "what is Kenya's literacy rate", "what interest rate does VEB charge". Not
# "what rate of unionization do ..." nor "what tax rate has ...": there the noun is a subject of
# the question, answered with words. On SQuAD v1.1 dev, 8 of the 10 questions of this form have
# numeric gold answers ("30–75%", "20 to 1"); the two others ask what a rate is "based on" and "an
# effect of". The looser "what rate" form has numeric answers for 8 of 17.
_RATE_NOUN = r"(rate|ratio|tariff)s?"
_RATE = (
    rf"(?<!\bat )\b(what|which)(('s| is| was| are| were) (the |its |their |[\w’'-]+'s )?(\w+ ){{0,2}}{_RATE_NOUN}\b"
    rf"|( \w+)? {_RATE_NOUN} (does|do|did|is|was|are|were)\b)"
)


def _phrases(*phrases: str) -> str:
    """Vietnamese and Russian question phrases, folded as questions are ("năm nào" -> "nam nao",
    "в какой стране" -> "в какои стране"), as one alternation."""
    return "|".join(re.escape(fold(p)) for p in phrases)


# "When" asks for a date where it opens the question or a clause of it ("When did ...?", "In 1990,
# when did ...?"), is followed by a verb asking ("... and when was it signed?"), follows "since",
# "until", "till" or "from", or ends the question ("... is scheduled to be built when?"). Elsewhere it
# joins a clause to the question: "How old was Toghun Temur when he became emperor?" asks for a
# number, "Who fumbled the ball when tackled?" for a name, "What is it called when ...?" for neither.
# Of the 165 SQuAD v1.1 dev questions typed "date" for a "when" in such a place before, 15 have a
# gold answer with a date. A "when" opening the question joins a clause too when no verb asking
# follows it and another question word does: "When John Fox left, who replaced him?" asks for a name.
# On the 29 SQuAD v1.1 dev questions this retypes (found reading SQuAD dev failures), a gold answer
# in the answer 18 -> 22, refused 2 -> 0, cites the gold paragraph 22 -> 27; no question of the
# tuning data is retyped.
_WHEN = (r"(^|[,;:(]\s*)when\b(?!.*\b(who|whom|whose|what|which|where|how)\b)|\b(since|until|till|from)\s+when\b"
         r"|\bwhen\s+(" + "|".join(AUXILIARIES) + r")\b|\bwhen\W*$")


# question cues, matched on folded text (lower case, no diacritics). Vietnamese "ai" (who) counts
# only where it opens the question or follows "là"/"của": folded, it is also English "AI". "How old",
# "how tall", "how fast" and the like ask for a figure, "what time" and "which century" for a date:
# of the 81 SQuAD v1.1 dev questions they type, 5 more hold a gold answer in the answer, 2 more are
# refused (their first sentences gave no figure); no seeds question changes type.
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(_WHEN + r"|\b(what (year|date|time)|which year|on what date|(what|which) (decade|century)|"
                        + _phrases(
        "năm nào", "năm bao nhiêu", "khi nào", "bao giờ", "lúc nào", "ngày nào", "tháng nào", "thời điểm nào",
        "когда", "в каком году", "какого года", "в каком месяце", "какого числа", "с каких пор") + r")\b")),
    ("number", re.compile(
        r"\b(how (many|much|large|big|long|far|deep|old|tall|high|wide|heavy|fast|hot|cold)|"
        + _phrases("bao nhiêu", "сколько", "насколько") + r")\b|"
        + _MEASURED + "|" + _RATE)),
    ("person", re.compile(r"^\s*(who|whom|whose|ai)\b|\bwho\b|\b(" + _phrases(
        "là ai", "của ai", "кто", "кого", "кому", "кем", "чей", "чья", "чьё", "чьи") + r")\b")),
    ("place", re.compile(r"\b(where|which (city|country|province|region|port)|" + _phrases(
        "ở đâu", "nơi nào", "tỉnh nào", "nước nào", "quốc gia nào", "thành phố nào", "где", "куда", "откуда",
        "в какой стране", "в каком городе", "в какой провинции", "в каком регионе") + r")\b")),
)
# A "who" question about writing asks for an author: "Who wrote ...?", "Who is the lead author of
# ...?", "Кто написал ...?", "Ai viết ...?", "Tác giả của ... là ai?" (folded). The document's own
# byline can answer it (``qa.answer``); any other sentence answers it as it answers "who", by a name.
_WRITING = "wrote write writes written author authors authored coauthored penned"  # "co-authored" ends in "authored"
_AUTHORSHIP = re.compile(r"\b(" + "|".join(_WRITING.split()) + r"|написал\w*|автор\w*|ai viet|tac gia)\b")


@lru_cache(maxsize=1)
def authorship_words() -> frozenset[str]:
    """What a byline says of its names, in the question's words (folded, stemmed): they wrote the
    document. A byline covers these words of a question asking who wrote it ("Who wrote ...?" as
    "Who are the authors of ...?"). A function, so that ``import qa`` does not load the tokenizer."""
    return frozenset(words(_WRITING + " написал автор"))


_NUMBERS = re.compile(r"\d[\d,.]*")
_YEAR = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d])")
_MONEY_QUESTION = re.compile(r"\b(cost|costs|worth|value|invest\w*|price|spend\w*|budget|revenue)\b")
_MONEY = re.compile(r"[$€£₽]|\b(usd|us\$|rub\w*|dollars?|billion|million|bn|trillion)\b", re.IGNORECASE)
# A sum of money ("$750 M", "\$3.3bn", "4.5 billion dollars"), and the questions that may ask for one
# without saying so ("how much", "how many dollars"). Not counting sums for the other questions left
# the 1,048 SQuAD v1.1 dev questions typed "number" answered as before (contains a gold answer 0.818;
# refused 0.069 -> 0.070 with the "how many" rule beside it) and refused one more unanswerable seeds
# dev question ("What is the population of ...?" had been answered with "a $750 M contract").
_CURRENCY = r"usd|dollars?|euros?|roubles?|rubles?|yen"
_MONEY_AMOUNT = re.compile(
    r"(?:us\$|[$€£₽¥])\s*\d[\d,.]*(?:\s*(?:bn|billion|million|trillion|m|k)\b)?"
    rf"|\d[\d,.]*\s*(?:bn|billion|million|trillion)?\s*(?:{_CURRENCY})\b", re.IGNORECASE)
# "bao nhiêu" and "сколько" ask "how much" as well as "how many"; a rate or tariff may be a price
# ("the base rate for a 30-second ad": "$5,000,000") as well as a share.
_MONEY_UNIT_QUESTION = re.compile(rf"\b(how much|{_CURRENCY}|money|funding|income|gdp|rates?|tariffs?|"
                                  + _phrases("bao nhiêu", "сколько") + r")\b")
# A year, its decade ("the 1990s") or a span of years ("1941-42", "2013–2017") is a date, not a count.
_DATE_NUMBER = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}\b"
    r"|\b(1[89]\d\d|20\d\d)(s\b|[-–/](1[89]\d\d|20\d\d|\d\d)\b|\b)", re.IGNORECASE)


# "The two countries", "the two sides" refer back to what was named before; they count nothing, and
# documents about two countries say them all the time ("Relations between the two countries took
# shape ..." had answered "How many Vietnamese studied in the Soviet Union?"). They answer a number
# question only when it asks about that noun ("How many countries ...?"). Left out, no figure of
# seeds, refusal or translated dev, ClapNQ dev or SQuAD v1.1 dev (10,570 questions) moved.
_REFERRING_PAIR = re.compile(
    r"\b(?:the|these|those) two (countries|nations|states|sides|parties|leaders|governments|peoples|"
    r"presidents|ministers|powers|economies|companies)\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _names_noun(question: str, noun: str) -> bool:
    """Whether ``question`` mentions ``noun`` (in the singular or the plural: "country", "countries").
    Cached: ``has_type`` asks it for every candidate sentence that says "the two countries"."""
    return bool(set(words(noun)) & set(words(question)))


# "How many" asks for a count: a sentence without a figure or a count word ("one", "several",
# "twice") cannot give one. Of the 642 SQuAD v1.1 dev "how many" questions, 9 have gold answers
# without either ("unmanned", "infinitely many", "a third"). "One of" picks one out of many and counts
# nothing ("Russia is one of Vietnam's major tourist markets" had answered "How many Russian
# tourists visited Vietnam?"); left out, no figure of the tuning data or of SQuAD v1.1 dev moved.
_HOW_MANY = re.compile(r"\bhow many\b")
_COUNT_WORD = re.compile(r"\b(one(?! of\b)|zero|none|several|few|twice|once|half|single|couple)\b", re.IGNORECASE)


def asks_count(question: str) -> bool:
    """Whether the question asks how many.

    >>> asks_count("How many scholarships does Russia offer?"), asks_count("How much did it cost?")
    (True, False)
    """
    return bool(_HOW_MANY.search(fold(question)))


def has_count(text: str, question: str = "") -> bool:
    """Whether ``text`` could say how many: a figure, a number word or a count word. "The two
    countries" counts only for a ``question`` about countries (``has_type``).

    >>> has_count("Russia offers 1,000 scholarships."), has_count("It has several lakes."), has_count("In 2019.")
    (True, True, False)
    >>> has_count("It has one lake."), has_count("Russia is one of its major markets.")
    (True, False)
    """
    return has_type("number", text, question) or bool(_COUNT_WORD.search(text))


def answer_type(question: str) -> str:
    """What the question asks for: "date", "number", "person" ("author" when it asks who wrote),
    "place", or "" for anything else.

    >>> [answer_type(q) for q in ("Who wrote the report?", "Кто написал доклад?", "Who leads the report?")]
    ['author', 'author', 'person']
    """
    folded = fold(question)
    for name, pattern in _TYPES:
        if pattern.search(folded):
            return "author" if name == "person" and _AUTHORSHIP.search(folded) else name
    return ""


def has_type(kind: str, text: str, question: str = "") -> bool:
    """Whether ``text`` holds what a question of type ``kind`` asks for. A number that is only a
    year or a day of a month does not answer "how many"; "how much does it cost" needs money, and
    a sum of money does not answer a question that asks for no money ("What is the population?").

    >>> q = "What is the population of Da Nang?"
    >>> has_type("number", "a $750 M contract", q), has_type("number", "1.2 million people", q)
    (False, True)
    >>> has_type("number", "a $750 M contract", "How much was the contract?")
    True
    >>> has_type("number", "a $750 M contract", "Hợp đồng trị giá bao nhiêu?")
    True
    """
    if kind == "number":
        text = _REFERRING_PAIR.sub(lambda m: m[0] if _names_noun(question, m[1]) else " ", text)
        money = _asks_money(question)
        if money and not _MONEY.search(text):
            return False
        if money is False:
            text = _MONEY_AMOUNT.sub(" ", text)
        return bool(_NUMBER.search(_DATE_NUMBER.sub(" ", text)))
    if kind == "date":
        return bool(_YEAR_OR_DATE.search(text))
    if kind in ("person", "author"):
        return _has_name(text)
    if kind == "place":  # a name, or a place described: "in the bundle sheath cells", "near the mouth"
        return _has_name(text) or bool(_LOCATIVE.search(text))
    return True


@lru_cache(maxsize=1024)
def _asks_money(question: str) -> bool | None:
    """True when a number question asks for a sum ("cost", "worth"), False when for a figure that no
    sum gives ("the population", "how many people"), None when either may answer ("how much") or
    there is no question. Cached: ``has_type`` asks it for every candidate sentence."""
    if not question:
        return None
    folded = fold(question)
    if _MONEY_QUESTION.search(folded):
        return True
    return None if _MONEY_UNIT_QUESTION.search(folded) else False


def _has_name(text: str) -> bool:
    """Two capitalised words ("Martin Luther"), or one that does not open the sentence ("Baiju")."""
    return bool(_NAME.search(text) or _CAPITALISED.search(text))


def anchors(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a near-miss answer lacks: the question's numbers, and its names (capitalised words that
    do not open the question), folded and stemmed like the lexical index.

    >>> nums, names = anchors("What will trade between Vietnam and Russia be in 2040?")
    >>> sorted(nums), sorted(names)
    (['2040'], ['russia', 'vietnam'])
    """
    nums = numbers(question)
    names: set[str] = set()
    for word in re.findall(r"\w[\w'-]*", question)[1:]:
        if word[:1].isupper() and fold(word) not in QUESTION_WORDS:
            names.update(words(word))
    return nums, frozenset(names)


def years(text: str) -> frozenset[str]:
    """The years (1800-2099) ``text`` names."""
    return frozenset(m.group(0) for m in _YEAR.finditer(text))


def numbers(text: str) -> frozenset[str]:
    """The numbers ``text`` names, without thousands separators ("1,000" -> "1000")."""
    return frozenset(n.strip(".,").replace(",", "") for n in _NUMBERS.findall(text))
