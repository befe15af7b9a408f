from __future__ import annotations

import pytest

import qa
from qa.folding import fold
from qa.render import answer_text
from qa.respell import Names, respell

DOCUMENTS = [
    "In 1980 Phạm Tuân flew with Viktor Gorbatko. Then Gorbatko landed, as Viktor Gorbatko had planned.",
    "The founder of Sistema, Vladimir Yevtushenkov, met officials from Zambia and Laos.",
    "Both Ivanova and Ivanovo are here, each once, beside Rosatom.",
]
NAMES = Names.of(DOCUMENTS)
HELD = {w for text in DOCUMENTS for w in fold(text).replace(".", " ").replace(",", " ").split()}


def read(question: str) -> str:
    return respell(question, lambda word: fold(word) in HELD, lambda: NAMES)


@pytest.mark.parametrize(("question", "expected"), [
    ("Who flew with Victor Gorbatko?", "Who flew with Viktor Gorbatko?"),  # a letter changed
    ("Who flew with Viktor Gorbatco?", "Who flew with Viktor Gorbatko?"),
    ("When did Gorbatkoo land?", "When did Gorbatko land?"),  # one added
    ("Who is Vladimir Yevtushenko?", "Who is Vladimir Yevtushenkov?"),  # one dropped
    ("Who is Vladimir Yevtuhsenkov?", "Who is Vladimir Yevtushenkov?"),  # two swapped
    ("Who is Vladimir Evtushenkov?", "Who is Vladimir Yevtushenkov?"),  # a first letter dropped
    ("What did Rossatom's engineers build?", "What did Rosatom's engineers build?"),
])
def test_a_name_one_letter_off_is_read_as_the_documents_spell_it(question: str, expected: str) -> None:
    assert read(question) == expected


@pytest.mark.parametrize("question", [
    "Who flew with Viktor Gorbatko?",  # held: never changed
    "Who flew with Alexei Leonov?",  # nothing one edit away: left to be refused
    "Which minister visited Gambia?",  # "Zambia" differs in its first letter: another country
    "Who is Ivanovu?",  # "Ivanova" and "Ivanovo", each written once: no telling which
    "Gorbatco flew with whom?",  # the question's first word
    "What did the ROSATM agency build?",  # capitals: an acronym, not a spelling
    "Who flew with Gorbatko's pilot Tuan?",  # shorter than five letters
    "who flew with viktor gorbatco?",  # not capitalised: not read as a name
])
def test_names_held_unknown_ambiguous_or_not_names_are_left_as_typed(question: str) -> None:
    assert read(question) == question


def test_a_name_the_documents_write_is_kept_even_where_the_index_has_no_word_for_it() -> None:
    # "Ivanovo", one letter away, is no reason to change "Ivanova", which the documents write
    assert respell("Who is Ivanova?", lambda word: False, lambda: NAMES) == "Who is Ivanova?"


def test_names_are_the_capitalised_words_not_opening_a_sentence() -> None:
    assert NAMES.counts["gorbatko"] == 3 and NAMES.written["gorbatko"] == "Gorbatko"
    assert "then" not in NAMES.counts and "both" not in NAMES.counts  # sentence openers
    assert "founder" not in NAMES.counts and "officials" not in NAMES.counts  # lower case


def test_the_documents_names_are_read_only_when_a_word_needs_them() -> None:
    calls: list[int] = []

    def names() -> Names:
        calls.append(1)
        return NAMES

    respell("Who flew with Viktor Gorbatko?", lambda word: fold(word) in HELD, names)
    assert calls == []
    respell("Who flew with Viktor Gorbatco?", lambda word: fold(word) in HELD, names)
    assert calls == [1]


def test_a_misspelt_name_is_searched_and_answered_as_the_documents_spell_it(engine: qa.Engine) -> None:
    # without the respelling, BM25 shares no word of the name and the grounding rule refuses outright
    hits = engine.search("Victor Gorbatco", k=3, dense_weight=0)
    assert "Viktor Gorbatko" in hits[0].text
    answer, spelt = engine.ask("Who flew with Victor Gorbatco?"), engine.ask("Who flew with Viktor Gorbatko?")
    assert answer.resolved_question == "Who flew with Viktor Gorbatko?"
    assert "(read as: Who flew with Viktor Gorbatko?)" in answer_text(answer)
    # answered as the name spelt right is, not refused outright (confidence 0) for a name no document holds
    assert spelt.confidence > 0 and answer.confidence == spelt.confidence
    assert (answer.text, answer.refused, answer.citations) == (spelt.text, spelt.refused, spelt.citations)


def test_a_name_the_documents_do_not_hold_is_still_refused(engine: qa.Engine) -> None:
    answer = engine.ask("Who flew with Alexei Leonov?")
    assert answer.refused and answer.resolved_question == "Who flew with Alexei Leonov?"
