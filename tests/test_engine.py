from __future__ import annotations

from pathlib import Path

import pytest

import qa
from evals.gold import load_gold
from qa.answer import NOTHING_MORE
from qa.embedding import HashEmbedder
from qa.errors import InputError
from qa.indexer import index_text
from qa.language import ENGLISH, question_language


def test_passages_are_exact_spans_ranked(engine: qa.Engine) -> None:
    hits = engine.search("Which research vessel surveyed Vietnam's continental shelf?", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert h.text == engine.document_text(h.doc_id)[h.start:h.end]
        assert h.title and h.page is None


def test_similarity_is_the_cosine_of_question_and_chunk(engine: qa.Engine) -> None:
    question = "Which research vessel surveyed Vietnam's continental shelf?"
    embedder = HashEmbedder()
    for h in engine.search(question, k=5):
        chunk = next(c for c in engine.data.chunks if (c.doc_id, c.start, c.end) == (h.doc_id, h.start, h.end))
        expected = float(embedder.encode_documents([index_text(chunk)])[0] @ embedder.encode_query(question))
        assert h.similarity == pytest.approx(expected, abs=1e-5)
    assert all(h.similarity is None for h in engine.search(question, k=3, dense_weight=0))


def test_undiacritised_name_finds_vietnamese_spelling(engine: qa.Engine) -> None:
    hits = engine.search("Pham Tuan", k=3, dense_weight=0)
    assert hits[0].doc_id == "004_71b6e28a87328925.txt" and "Phạm Tuân" in hits[0].text


def test_diversity_cap(engine: qa.Engine) -> None:
    hits = engine.search("Russia Vietnam cooperation", k=8, max_per_doc=2)
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.doc_id] = counts.get(h.doc_id, 0) + 1
    assert max(counts.values()) <= 2 and len(hits) == 8
    uncapped = engine.search("Russia Vietnam cooperation", k=10, max_per_doc=0)
    assert len(uncapped) == 10


def test_single_method_searches(engine: qa.Engine) -> None:
    assert engine.search("oil and gas", k=3, lexical_weight=0)
    assert engine.search("oil and gas", k=3, dense_weight=0)
    with pytest.raises(InputError):
        engine.search("oil", dense_weight=0, lexical_weight=0)


@pytest.mark.parametrize("question", ["", "   \n", None, "x" * 5000])
def test_bad_questions(engine: qa.Engine, question: object) -> None:
    with pytest.raises(InputError):
        engine.search(question, k=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["???", "🙂 🙂", "-- !"])
def test_a_question_without_words_is_refused_with_a_reason(engine: qa.Engine, question: str) -> None:
    for history in (None, ["Who was the first Vietnamese cosmonaut?"]):
        with pytest.raises(InputError, match="has no words in it"):
            engine.ask(question, history=history)
    with pytest.raises(InputError, match="has no words in it"):
        engine.search(question, k=3)


@pytest.mark.parametrize("question", ["And when?", "Who is it?", "Khi nào?", "Сколько?"])
def test_questions_naming_nothing_are_refused_with_a_reason(engine: qa.Engine, question: str) -> None:
    with pytest.raises(InputError, match="names nothing to look for"):
        engine.search(question, k=3)
    with pytest.raises(InputError, match="names nothing to look for"):
        engine.ask(question)


@pytest.mark.parametrize("question", ["And in 2018?", "What about Laos?", "In 1980?"])
def test_a_follow_up_asked_first_is_refused_with_a_reason_but_can_be_searched(engine: qa.Engine, question: str) -> None:
    with pytest.raises(InputError, match="follows on from an earlier question, and there is none"):
        engine.ask(question)
    assert engine.search(question, k=3)  # as a search it is a set of keywords
    assert engine.ask(question, history=["Who was the first Vietnamese cosmonaut?"]).resolved_question != question


def test_a_bare_follow_up_is_asked_against_the_question_before_it(engine: qa.Engine) -> None:
    answer = engine.ask("And when?", history=["Who was the first Vietnamese cosmonaut?"])
    assert answer.resolved_question.startswith("Who was the first Vietnamese cosmonaut")
    assert any("Phạm Tuân" in p.text for p in answer.passages)


def test_a_request_is_answered_as_the_question_it_wraps(engine: qa.Engine) -> None:
    """Every English seeds gold dev question, wrapped as a request, gets the answer it gets asked plainly."""
    for gold in (g for g in load_gold() if g.split == "dev" and question_language(g.question) == ENGLISH):
        q = gold.question
        for request in (f"Can you tell me {q[0].lower()}{q[1:]}", f"Please tell me {q}", f"{q} Please."):
            plain, wrapped = engine.ask(q), engine.ask(request)
            assert (wrapped.refused, wrapped.text, wrapped.confidence) == (
                plain.refused, plain.text, plain.confidence), request
            assert [p.chunk_id for p in engine.search(request, k=5)] == [p.chunk_id for p in engine.search(q, k=5)]


def test_a_request_about_a_topic_stands_on_its_own_after_other_questions(engine: qa.Engine) -> None:
    earlier = ["Who was the first Vietnamese cosmonaut?"]
    topic = engine.ask("Tell me about Vietsovpetro", history=earlier)
    assert topic.resolved_question == "Tell me about Vietsovpetro"
    assert (topic.text, topic.refused) == (engine.ask("Vietsovpetro").text, engine.ask("Vietsovpetro").refused)


def _spans(answer: qa.Answer) -> set[tuple[str, int, int]]:
    return {(c.doc_id, c.start, c.end) for c in answer.citations}


def _overlaps(a: qa.Answer, b: qa.Answer) -> bool:
    return any(x.doc_id == y.doc_id and x.start < y.end and y.start < x.end for x in a.citations for y in b.citations)


def test_asking_for_more_gives_other_sentences_until_there_are_none(engine: qa.Engine) -> None:
    """Every English seeds gold dev question: "Tell me more" again and again quotes sentences not
    quoted before, each clearing the answer bar, until it says there is nothing more."""
    bar = engine.answer_settings.min_score
    for gold in (g for g in load_gold() if g.split == "dev" and question_language(g.question) == ENGLISH):
        first = engine.ask(gold.question)
        if first.refused:
            continue
        history: list[str | qa.Answer] = [first]
        for _ in range(30):
            more = engine.ask("Tell me more", history=history)
            assert more.resolved_question == first.resolved_question
            if more.refused:
                assert more.text == NOTHING_MORE
                break
            assert bar <= more.confidence <= first.confidence
            assert not any(_overlaps(more, earlier) for earlier in history if isinstance(earlier, qa.Answer))
            history += ["Tell me more", more]
        else:
            raise AssertionError(f"more never ran out: {gold.question}")


def test_more_after_questions_as_text_is_more_after_the_answers_they_got(engine: qa.Engine) -> None:
    question = "What did Russia-ASEAN trade amount to in 2017?"
    as_text = [question, "What else?"]
    as_answers: list[str | qa.Answer] = [engine.ask(question)]
    as_answers += [engine.ask("What else?", history=as_answers)]
    third = engine.ask("Go on", history=as_text)
    assert third.text == engine.ask("Go on", history=as_answers).text
    assert not _overlaps(third, as_answers[0]) and not _overlaps(third, as_answers[1])  # type: ignore[arg-type]


def test_more_on_a_document_reads_its_summary_on(engine: qa.Engine) -> None:
    first = engine.ask("What is the Valdai report about?")
    more = engine.ask("Tell me more", history=[first])
    assert {c.doc_id for c in more.citations} == {first.citations[0].doc_id}
    assert more.citations[0].start >= first.citations[-1].end
    assert [c.start for c in more.citations] == sorted(c.start for c in more.citations)


def test_more_after_a_refusal_is_a_refusal(engine: qa.Engine) -> None:
    more = engine.ask("Tell me more", history=["Who is the president of France?"])
    assert more.refused and more.text == engine.ask("Who is the president of France?").text


def test_more_asked_first_is_refused_with_a_reason(engine: qa.Engine) -> None:
    for question in ("Tell me more", "What else?", "Ещё?"):
        with pytest.raises(InputError, match="asks for more on an earlier question, and there is none"):
            engine.ask(question)


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_bad_k(engine: qa.Engine, k: object) -> None:
    with pytest.raises(InputError, match="k must"):
        engine.search("trade", k=k)  # type: ignore[arg-type]


def test_unknown_document(engine: qa.Engine) -> None:
    with pytest.raises(InputError, match="no document"):
        engine.document_text("nope.txt")


def test_rrf_fusion_gives_the_same_kind_of_result(seeds_copy: Path, tmp_path: Path) -> None:
    from qa.config import SearchSettings

    qa.build(seeds_copy, tmp_path / "idx", embedder=HashEmbedder())
    engine = qa.open(tmp_path / "idx", embedder=HashEmbedder(), settings=SearchSettings(fusion="rrf"))
    hits = engine.search("Phạm Tuân Soyuz", k=4)
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any("Phạm Tuân" in h.text for h in hits)


def test_an_index_opened_again_and_updated_uses_the_model_already_loaded(
    monkeypatch: pytest.MonkeyPatch, seeds_copy: Path, tmp_path: Path,
) -> None:
    """The app opens the index again after each upload; each open and each upload loading the model
    anew would cost a load (0.75 s for MiniLM) and a second copy in memory."""
    from qa import embedding

    made: list[str] = []
    real = embedding.get_embedder
    monkeypatch.setattr(embedding, "get_embedder", lambda name: made.append(name) or real(name))
    embedding.shared_embedder.cache_clear()
    qa.build(seeds_copy, tmp_path / "i")  # the embedder named by $QA_EMBEDDER, "hash" in tests
    first = qa.open(tmp_path / "i")
    (tmp_path / "new.txt").write_text("The Hanoi tram line opened in 2031 with twelve stations.", encoding="utf-8")
    qa.add([tmp_path / "new.txt"], tmp_path / "i")
    again = qa.open(tmp_path / "i")
    assert made == ["hash"] and again.embedder is first.embedder
    assert "2031" in again.search("When did the Hanoi tram line open?", k=1)[0].text
