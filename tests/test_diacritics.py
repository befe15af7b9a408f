"""Vietnamese typed without its diacritics is given them back before it is searched (``qa.diacritics``)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import qa
from evals.gold import load_gold
from evals.tune import TRANSLATED_GOLD
from qa.diacritics import looks_toneless_vietnamese, restore
from qa.embedding import HashEmbedder
from qa.folding import fold
from qa.indexer import build
from qa.language import question_language
from tests.test_multilingual import Translit, corpus

TONELESS_GOLD = TRANSLATED_GOLD.with_name("seeds-vi-toneless.jsonl")


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_the_toneless_gold_set_is_the_vietnamese_translations_stripped() -> None:
    """evals/gold/seeds-vi-toneless.jsonl: each Vietnamese question of the translated set without its
    diacritics, with its split, answers and evidence (so no test question tunes)."""
    translated = {g.id: g for g in load_gold(TRANSLATED_GOLD)}
    toneless = load_gold(TONELESS_GOLD)
    assert len(toneless) == sum(g.id.endswith("-vi") for g in translated.values()) == 40
    for g in toneless:
        original = translated[g.id.removesuffix("0")]
        assert g.question == strip_diacritics(original.question) and g.question.isascii(), g.id
        assert (g.split, g.answerable, g.answers, g.evidence) == (
            original.split, original.answerable, original.answers, original.evidence), g.id


def test_toneless_vietnamese_is_restored_and_english_is_left_alone() -> None:
    for g in load_gold(TONELESS_GOLD):
        assert looks_toneless_vietnamese(g.question), g.question
        restored = restore(g.question)
        assert restored != g.question and question_language(restored) == "vi", (g.question, restored)
        assert fold(restored) == fold(g.question)  # only marks were added
    english = [g.question for g in load_gold() if g.question.isascii()]
    assert len(english) > 60
    assert [q for q in english if restore(q) != q] == []
    # Vietnamese with its diacritics, and names alone, are not toneless Vietnamese
    assert not looks_toneless_vietnamese("Phạm Tuân bay vào vũ trụ năm nào?")
    assert not looks_toneless_vietnamese("Ho Chi Minh")


def test_a_toneless_question_is_searched_restored_through_the_side(tmp_path: Path) -> None:
    docs, index = corpus(tmp_path), tmp_path / "idx"
    build(docs, index, embedder=HashEmbedder(), multilingual=Translit())
    side = Translit()
    engine = qa.open(index, embedder=HashEmbedder(), multilingual_embedder=side)
    question = "Nha du hanh vu tru dau tien cua Viet Nam la ai?"
    answer = engine.ask(question)
    assert answer.question == question and side.queries >= 1
    assert answer.resolved_question != question and question_language(answer.resolved_question) == "vi"
    assert fold(answer.resolved_question) == fold(question)

    # without a side to read it, the question is searched as typed
    plain_index = tmp_path / "plain"
    build(docs, plain_index, embedder=HashEmbedder(), multilingual=False)
    assert qa.open(plain_index, embedder=HashEmbedder()).ask(question).resolved_question == question
