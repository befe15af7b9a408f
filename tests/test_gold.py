from evals.gold import evidence_spans, load_gold
from evals.metrics import spans_overlap
from tests.conftest import SEEDS


def test_every_quote_is_an_exact_substring_of_its_document() -> None:
    gold = load_gold()
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert len({g.id for g in gold}) == len(gold) >= 40
    for g in gold:
        assert g.split in {"dev", "test"}
        if g.answerable:
            assert g.answers and g.evidence, g.id
            for ev in g.evidence:
                assert ev.quote in texts[ev.doc], (g.id, ev.quote)
        else:
            assert not g.evidence
    assert {g.split for g in gold} == {"dev", "test"}


def test_evidence_spans_and_overlap() -> None:
    g = next(q for q in load_gold() if q.kind == "two-doc")
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    spans = evidence_spans(g, texts)
    assert {d for d, _, _ in spans} == {ev.doc for ev in g.evidence}
    doc, start, end = spans[0]
    assert texts[doc][start:end] == g.evidence[0].quote
    assert any(spans_overlap((doc, end - 1, end + 5), s) for s in spans)
    assert not any(spans_overlap((doc, end, end + 5), s) for s in spans)


def test_translated_questions_keep_their_originals_split_answers_and_evidence() -> None:
    """evals/gold/seeds-translated.jsonl: seeds questions in Russian and Vietnamese, each with its
    original's id (plus -ru/-vi), split, answers and evidence, so that no test question tunes."""
    from evals.tune import TRANSLATED_GOLD
    from qa.language import question_language

    originals = {g.id: g for g in load_gold()}
    translated = load_gold(TRANSLATED_GOLD)
    assert len({g.id for g in translated}) == len(translated) == 80
    for g in translated:
        original = originals[g.id.rsplit("-", 1)[0]]
        assert (g.split, g.answerable, g.answers, g.evidence) == (
            original.split, original.answerable, original.answers, original.evidence), g.id
        assert question_language(g.question) != "en", g.question  # each goes through the multilingual side


def test_the_second_refusal_sample_is_unanswerable_new_and_split_by_id() -> None:
    """evals/gold/seeds-refusal.jsonl: 40 unanswerable questions, none already in the gold set,
    odd ids dev and even ids test, so half of them tune and half are only reported."""
    from evals.tune import REFUSAL_GOLD

    known = {g.question for g in load_gold()}
    extra = load_gold(REFUSAL_GOLD)
    assert len({g.id for g in extra}) == len(extra) == 40
    for g in extra:
        assert not g.answerable and not g.answers and not g.evidence and g.kind == "unanswerable", g.id
        assert g.question not in known, g.id
        assert g.split == ("dev" if int(g.id[1:]) % 2 else "test"), g.id
