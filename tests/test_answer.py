from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import qa
from qa.answer import REFUSAL, TUNED, settings_for
from qa.candidates import candidates
from qa.cues import answer_type, has_count, has_type
from qa.embedding import HashEmbedder
from qa.errors import InputError
from qa.followup import is_follow_up, resolve
from qa.lexical import words
from qa.questions import content_words
from qa.statements import is_statement


def hash_engine(tmp_path: Path, files: dict[str, str], min_score: float | None = None) -> qa.Engine:
    """An engine over ``files`` (name -> text) with the hash embedder; ``min_score`` replaces the
    threshold, which is calibrated for the real embedder's cosines, not the hash embedder's."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    qa.build(corpus, tmp_path / "i", embedder=HashEmbedder())
    engine = qa.open(tmp_path / "i", embedder=HashEmbedder())
    if min_score is not None:
        engine.answer_settings = replace(engine.answer_settings, min_score=min_score)
    return engine


def check_citations(engine: qa.Engine, answer: qa.Answer) -> None:
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.text)]
    assert [c.marker for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert sorted(set(markers)) == [c.marker for c in answer.citations]  # none points at nothing
    first_use = list(dict.fromkeys(markers))
    assert first_use == sorted(first_use)  # numbered in order of first use
    for c in answer.citations:
        assert c.quote == engine.document_text(c.doc_id)[c.start:c.end]


def test_answer_is_made_of_cited_document_sentences(engine: qa.Engine) -> None:
    answer = engine.ask("Which research vessel surveyed Vietnam's continental shelf?")
    assert not answer.refused and answer.citations
    check_citations(engine, answer)
    body = re.sub(r"\s*(\[\d+\])+", "\n", answer.text)
    for sentence in filter(None, (s.strip() for s in body.split("\n"))):
        assert any(sentence == " ".join(c.quote.split()) for c in answer.citations)  # spaces shown as one
    by_marker = {c.marker: c for c in answer.citations}
    assert all(s.text == by_marker[s.markers[0]].quote for s in answer.sentences)  # exact
    assert "Akademik M. A. Lavrentyev" in answer.text


def test_a_lone_passage_counts_as_the_best_one(tmp_path: Path) -> None:
    """In a one-chunk index the only candidate's min-max scaled score is 0; it must still count as
    the best passage, as it does beside a passage that does not match, or a small corpus refuses
    what a larger one answers."""
    tet = "Tết is the Vietnamese New Year, celebrated in late January or February."
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    alone = hash_engine(tmp_path / "one", {"tet.txt": tet}, min_score=0.0)
    beside = hash_engine(tmp_path / "two", {"tet.txt": tet, "trade.txt": "Bilateral trade grew fast."}, min_score=0.0)
    question = "Is Tết celebrated in late January?"  # every word in the sentence: the same share in both
    assert [p.score for p in alone.search(question)] == [0.0]
    assert beside.search(question)[0].score == 1.0
    first, second = alone.ask(question), beside.ask(question)
    assert first.text == second.text and first.citations[0].quote == tet
    assert first.confidence == pytest.approx(second.confidence)


def test_a_name_spelt_the_british_way_is_found_in_a_document_spelt_the_american_way(tmp_path: Path) -> None:
    """A name the question names must be in the document (the grounding rule): "Organisation" is
    in one that says "Organization", or the question is refused with no candidate at all."""
    sco = "The Shanghai Cooperation Organization was founded in 2001 by six states."
    engine = hash_engine(tmp_path, {"sco.txt": sco, "trade.txt": "Bilateral trade grew fast in 2001."}, min_score=0.0)
    answer = engine.ask("When was the Shanghai Cooperation Organisation founded?")
    assert not answer.refused and [c.quote for c in answer.citations] == [sco]


def test_refusal_has_no_citations_but_keeps_closest_passages(engine: qa.Engine) -> None:
    engine.answer_settings = replace(engine.answer_settings, min_score=10.0)
    answer = engine.ask("What is the capital of Australia?")
    assert answer.refused and answer.text == REFUSAL and answer.citations == []
    assert answer.passages


def test_same_fact_in_two_documents_is_cited_twice(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {
        "a.txt": "Russia offers 1,000 scholarships to Vietnamese students every year. Trade grew.",
        "b.txt": "Every year Russia offers 1,000 scholarships to Vietnamese students. Tourism grew too.",
    })
    answer = engine.ask("How many scholarships does Russia offer Vietnamese students?")
    check_citations(engine, answer)
    assert "[1][2]" in answer.text
    assert {c.doc_id for c in answer.citations} == {"a.txt", "b.txt"}


def test_disagreeing_figures_are_both_given(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {
        "a.txt": "Bilateral trade between Vietnam and Russia reached $26 billion.",
        "b.txt": "Bilateral trade between Vietnam and Russia reached $4.5 billion.",
    })
    answer = engine.ask("How much bilateral trade between Vietnam and Russia?")
    check_citations(engine, answer)
    assert "$26 billion" in answer.text and "$4.5 billion" in answer.text
    assert len(answer.citations) == 2


def test_a_hard_wrapped_sentence_is_quoted_whole_and_read_on_one_line(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"a.txt": (
        "# Survey\n\nThe survey of the shelf was done by the research vessel Akademik  \n"
        "Lavrentyev in 2019, with Russian and Vietnamese crews.\n")}, min_score=0.0)
    answer = engine.ask("Which research vessel did the survey of the shelf?")
    check_citations(engine, answer)
    assert answer.citations[0].quote.endswith("Akademik  \nLavrentyev in 2019, with Russian and Vietnamese crews.")
    assert "Akademik Lavrentyev in 2019" in answer.text and "\n" not in answer.text


def test_a_paragraph_after_a_contents_entry_is_quoted_without_it(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"a.md": (
        "# Contents\n\n- 1. Overview\n- 7. Future Outlook & Forecasts\n"
        "during a working trip to Vietnam, Vladimir Yevtushenkov, founder of AFK Sistema, disclosed "
        "strong intent to broaden bilateral cooperation.\n")}, min_score=0.0)
    answer = engine.ask("Who founded AFK Sistema?")
    check_citations(engine, answer)
    assert answer.citations[0].quote.startswith("during a working trip to Vietnam, Vladimir Yevtushenkov")
    assert "Forecasts" not in answer.text


def test_a_tables_header_row_is_never_quoted_but_its_rows_are(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"a.md": (
        "# Sectors\n\n| Sector | Russian Strengths | Vietnamese Opportunities | Recent Milestones |\n"
        "| --- | --- | --- | --- |\n"
        "| Energy & Power | Natural gas extraction, LNG processing | Growing demand for clean energy "
        "| Gazprom-Vietnam joint LNG terminal feasibility study (2025) |\n")}, min_score=0.0)
    passages = engine.search("Which Russian strengths meet which Vietnamese opportunities in each sector?", k=3)
    read = [c.text for c in candidates(passages, 4)]
    assert read == [
        "| Energy & Power | Natural gas extraction, LNG processing | Growing demand for clean energy "
        "| Gazprom-Vietnam joint LNG terminal feasibility study (2025) |"]
    answer = engine.ask("What are the Russian strengths and Vietnamese opportunities by sector?")
    check_citations(engine, answer)
    assert [c.quote[:17] for c in answer.citations] == ["| Energy & Power "]


def test_quotes_start_at_the_first_word_not_at_a_list_bullet_or_a_stray_bold_marker(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"a.txt": (
        "# Trade\n\n- Bilateral trade between Vietnam and Russia reached $26 billion in 2025.\n"
        "**Abstract.** In the context of trade, tourism between Vietnam and Russia grew fastest of all.\n")},
        min_score=0.0)
    trade = engine.ask("How much bilateral trade between Vietnam and Russia in 2025?")
    tourism = engine.ask("How did tourism between Vietnam and Russia grow in the context of trade?")
    for answer in (trade, tourism):
        check_citations(engine, answer)
    assert trade.citations[0].quote == "Bilateral trade between Vietnam and Russia reached $26 billion in 2025."
    assert tourism.citations[0].quote.startswith("In the context of trade")


def test_follow_up_is_resolved_against_history(engine: qa.Engine) -> None:
    # min_score is calibrated for the real embedder's cosines, not the hash embedder's
    engine.answer_settings = replace(engine.answer_settings, min_score=0.0)
    first = engine.ask("How much was two-way trade worth in 2000?")
    follow = engine.ask("And in 2018?", history=[first])
    assert follow.resolved_question == "How much was two-way trade worth in 2018?"
    assert not follow.refused and "2018" in follow.text
    # a follow-up of a follow-up keeps the first question's topic, from Answers or from strings
    again = engine.ask("And in 2020?", history=[first, follow])
    assert again.resolved_question == "How much was two-way trade worth in 2020?"
    assert engine.ask("And in 2020?", history=[first.question, "And in 2018?"]).resolved_question == (
        again.resolved_question)
    # a short question of its own is not glued to the one before
    assert engine.ask("What is ASEAN?", history=[first, follow]).resolved_question == "What is ASEAN?"


def test_bad_input(engine: qa.Engine) -> None:
    with pytest.raises(InputError):
        engine.ask("   ")
    with pytest.raises(InputError, match="max_sentences must"):
        engine.ask("trade", max_sentences=0)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(InputError, match="passages must be a whole number"):  # its own name, not k's
            engine.ask("trade", passages=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "text", "answers"), [
    ("date", "Luther posted the theses in 1517.", True), ("date", "in the 1990s", True),
    ("date", "in the 5th century", True), ("date", "the eighteenth century", True),
    ("date", "founded in 44 BC", True), ("date", "open from 8 am to 5 pm", True),
    ("date", "doors close at 17:30", True), ("date", "closed on Sunday", True), ("date", "in June", True),
    ("date", "1,500 soldiers marched", False), ("date", "42 people work there", False),
    ("date", "a 3-hour trip", False), ("date", "ignored in the 18th and 19th centuries", True),
    ("date", "by the first millennium AD", True), ("date", "began about 13,000 BP", True),
    ("date", "3 billion years ago", True), ("date", "during the Second World War", True),
    ("date", "after five years of work", False),
    ("person", "Gegeen appointed Baiju as grand chancellor.", True), ("person", "Martin Luther wrote it.", True),
    ("person", "The eulogy was written by an old friend.", False), ("person", "Trade grew by 12% in 2025.", False),
    ("place", "Chloroplasts are found in collenchyma tissue.", True),
    ("place", "The Moscow office opened first.", True), ("place", "They met in 2019 to talk.", False),
    ("place", "Trade grew by 12 percent.", False),
    ("number", "The crew had seven members.", True), ("number", "Hundreds of students came.", True),
    ("number", "It has 42 seats.", True), ("number", "One of the partners left.", False),
    ("number", "It opened in 2019.", False), ("number", "No figure is given.", False),
    ("number", "They fought in the winter of 1941-42.", False), ("number", "It grew in the 1990s.", False),
    ("number", "Russia exported arms in 2013–2017.", False), ("number", "In 1941, 42 volunteers came.", True),
    ("number", "It won a $750 M contract.", False), ("number", "It is worth \\$3.3bn to 42 members.", True),
])
def test_what_answers_when_who_where_and_how_many(kind: str, text: str, answers: bool) -> None:
    assert has_type(kind, text, "How many members?" if kind == "number" else "") is answers


@pytest.mark.parametrize(("question", "kind"), [
    ("When did Vietnam join ASEAN?", "date"), ("In 1990, when did trade peak?", "date"),
    ("The treaty was signed, but when was it ratified?", "date"), ("Since when has Russia been a member?", "date"),
    ("The bridge is scheduled to be built when?", "date"), ("Until when did the treaty hold?", "date"),
    # "when" joining a clause to the question: the question word before it decides
    ("Who fumbled the ball when tackled by Darian Stewart?", "person"),
    ("How many seconds were left when the Broncos intercepted the pass?", "number"),
    ("What is it called when the tax rate rises?", ""), ("price of ps3 when it first came out", ""),
    ("How old was the cosmonaut when he flew?", "number"), ("How tall is the tower?", "number"),
    ("In which century was the temple built?", "date"), ("What time does the museum open?", "date"),
    # "when" opening a clause before another question word: that word decides
    ("When Putin visited Hanoi, who received him?", "person"),
    ("When the two sides met, how many agreements did they sign?", "number"),
    ("When trade fell, what replaced it?", ""), ("When was the treaty signed, and by whom?", "date"),
])
def test_when_asks_for_a_date_only_as_a_question_word_and_how_old_for_a_figure(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_max_sentences_limits_length(engine: qa.Engine) -> None:
    answer = engine.ask("Russia Vietnam cooperation in energy and oil", max_sentences=1)
    assert len(re.findall(r"(?:\[\d+\])+", answer.text)) <= 1


def test_each_embedder_answers_with_its_own_tuned_settings(engine: qa.Engine) -> None:
    assert settings_for("e5") == TUNED["e5"] != TUNED["minilm"] == settings_for("minilm")
    assert settings_for("e5").min_score != settings_for("minilm").min_score  # cosines differ in scale
    assert engine.answer_settings == settings_for("hash") == TUNED["minilm"]  # any other: MiniLM's


def test_answer_types_and_statements() -> None:
    assert answer_type("How many scholarships?") == "number"
    assert answer_type("Phạm Tuân bay vào vũ trụ năm nào?") == "date"
    assert answer_type("Кто был первым космонавтом?") == "person"
    assert answer_type("Nga cấp bao nhiêu học bổng?") == "number"
    # Russian and Vietnamese phrases beyond one question word; folded, "ai" is also English "AI"
    assert answer_type("В каком году был подписан договор?") == answer_type("С какого года Россия в АРФ?") == "date"
    assert answer_type("А кто подписал договор?") == answer_type("Người đứng đầu phái đoàn là ai?") == "person"
    assert answer_type("Tỉnh nào kết nghĩa với Kaluga?") == answer_type("В какой стране открыт офис?") == "place"
    assert answer_type("Việt Nam ký hiệp định năm bao nhiêu?") == "date"
    assert answer_type("What is AI used for in Vietnam?") == ""
    # a measure asked for by "what": a number; "what area" is usually answered with a place
    assert answer_type("What is the population of Hanoi?") == "number"
    assert answer_type("What was the total cost of the survey?") == "number"
    assert answer_type("What area did the survey cover?") == ""
    assert answer_type("What is the capital of Vietnam?") == ""
    # a rate asked for is a figure, and may be a price; a rate the question says something about is not
    assert answer_type("What was Vietnam's inflation rate in 2024?") == "number"
    assert answer_type("What interest rate does VEB charge on its loans?") == "number"
    assert answer_type("What rate of unionization do Nordic nations have?") == ""
    assert answer_type("At what rate is the county developing?") == answer_type("What tax rate has an impact?") == ""
    assert not has_type("number", "VEB offers low-interest loans.", "What interest rate does VEB charge?")
    assert has_type("number", "The base rate was $5,000,000.", "What was the base rate for an ad?")
    assert has_type("date", "in June 2024") and not has_type("number", "no digits here")
    assert not is_statement("- Which sector should take priority?", 3)
    for notice in ("© 2023 Elsevier Ltd. All rights reserved.", "Copyright © 2019 by the authors of this study.",
                   "**© The Foundation for Development and Support of the Valdai Discussion Club, 2019**",
                   "(c) 2021 Springer Nature Switzerland AG, part of Springer Nature.",
                   "Все права защищены. Перепечатка материалов без разрешения запрещена."):
        assert not is_statement(notice, 4), notice
    assert is_statement("Copyright law in Vietnam was amended in 2019.", 4)
    assert is_statement("The report was published in 2019 by the foundation.", 4)


def test_who_wrote_is_answered_by_the_byline_under_the_title(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"report.md": (
        "# Russia and Vietnam in the New Asia\n\n---\n\nAnton Tsvetov, Vasily Kashin,  \nAlexander Korolev\n\n"
        "The views expressed in this report on Russia and Vietnam are those of the authors.\n\n"
        "The report was discussed in Moscow.\n\nKirill Babaev, Ivan Petrov\n")},
        min_score=0.0)
    assert answer_type("Who wrote Russia and Vietnam in the New Asia?") == "author"
    answer = engine.ask("Who wrote Russia and Vietnam in the New Asia?")
    check_citations(engine, answer)
    assert answer.citations[0].quote == "Anton Tsvetov, Vasily Kashin,  \nAlexander Korolev"
    assert answer.text.startswith("Anton Tsvetov, Vasily Kashin, Alexander Korolev [1]")
    # names alone answer only who wrote the document, and only where they open it, before any statement
    for other in ("Who discussed the report in Moscow?", "Who is Alexander Korolev?"):
        assert all("Tsvetov" not in c.quote for c in engine.ask(other).citations), other
    assert all(c.quote != "Kirill Babaev, Ivan Petrov" for c in answer.citations)
    # a byline says its names wrote the document, in whichever words the question asks it
    read = candidates(engine.search("Who wrote the report?", k=3), 4, bylines=True)
    byline = next(c for c in read if c.lead)
    assert frozenset(words("wrote written penned authors Кто написал")) - {"кто"} <= byline.words
    assert all("wrote" not in c.words for c in read if not c.lead)
    # the disclaimer shares "report" and "authors" with the question, and says nothing of who they are
    for question in ("Who are the authors of the report?", "Whose views does the report express?"):
        assert all("views expressed" not in c.quote for c in engine.ask(question).citations), question


def test_who_is_is_answered_by_the_entry_under_a_heading_naming_them(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"report.md": (
        "# Russia and Vietnam in the New Asia\n\n# About the Authors\n\n## **Anton Tsvetov**\n\n"
        "Lead author and foreign policy expert at the CSR\n\n"
        "## **Vasily Kashin**\n\n"
        "Senior research fellow at the Institute of Far Eastern Studies, Russian Academy of Sciences\n\n"
        "# Main Points\n\nThe authors visited Hanoi in 2019 to discuss research on arms sales.\n")},
        min_score=0.0)
    answer = engine.ask("Who is Anton Tsvetov?")
    check_citations(engine, answer)
    # no sentence (few words, no full stop): quoted only as what its heading names
    assert not is_statement("Lead author and foreign policy expert at the CSR", 4)
    assert answer.citations[0].quote == "Lead author and foreign policy expert at the CSR"
    kashin = engine.ask("Who is Vasily Kashin?")
    assert kashin.citations[0].quote.startswith("Senior research fellow")
    assert "Lead author" not in kashin.text
    # read with its heading only when the question names no more and no less than the heading
    passages = engine.search("Who is Vasily Kashin?", k=3)
    def headed(question: str) -> list[tuple[str, str]]:
        subject = frozenset(content_words(question))
        return [(c.lead, c.text[:6]) for c in candidates(passages, 4, subject=subject) if c.lead]
    assert headed("Who is Vasily Kashin?") == headed("Tell me about Vasily Kashin") == [("Vasily Kashin: ", "Senior")]
    assert headed("Which institute employs Vasily Kashin?") == headed("Who is Kashin?") == []
    assert headed("What are the main points?") == [("Main Points: ", "The au")]


def test_follow_up_detection() -> None:
    assert is_follow_up("and in 2018?") and is_follow_up("What about Laos?")
    assert not is_follow_up("Who founded AFK Sistema and when?")
    assert is_follow_up("When?") and is_follow_up("In 2018?") and is_follow_up("Khi nào?")
    assert not is_follow_up("What is ASEAN?") and not is_follow_up("Кто такой Путин?")
    assert resolve("What about Laos?", ["Which scholarships does Russia offer Vietnam?"]) == (
        "Which scholarships does Russia offer Vietnam Laos?"
    )


def test_near_misses_on_a_year_or_a_name_the_documents_lack_are_refused(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"trade.txt": (  # min_score 0: only the grounding rules refuse
        "Bilateral trade between Vietnam and Russia reached $4.5 billion in 2018. "
        "Russia offers 1,000 scholarships to Vietnamese students every year.")}, min_score=0.0)
    assert not engine.ask("How much was bilateral trade between Vietnam and Russia in 2018?").refused
    assert engine.ask("How much was bilateral trade between Vietnam and Russia in 1985?").refused
    assert not engine.ask("How many scholarships does Russia offer Vietnamese students?").refused
    assert engine.ask("How many scholarships does Russia offer Laotian students?").refused
    # the year is resolved from history, and must then be in the sentence too
    first = engine.ask("How much was bilateral trade between Vietnam and Russia in 2018?")
    assert engine.ask("And in 1990?", history=[first]).refused


def test_an_acronym_the_document_spells_out_is_a_name_it_mentions(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"fta.txt": (  # min_score 0: only the grounding rules refuse
        "The EAEU-Vietnam Free Trade Agreement took effect in 2016. "
        "It cut tariffs on most goods traded between Vietnam and the Eurasian Economic Union.")}, min_score=0.0)
    answer = engine.ask("When did the Vietnam-EAEU FTA take effect?")
    assert not answer.refused and "Free Trade Agreement" in answer.citations[0].quote
    assert engine.ask("When did the Vietnam-EAEU CPTPP take effect?").refused  # spelled out nowhere
    assert engine.ask("When did the Vietnam-EAEU FTE take effect?").refused  # not those initials


def test_how_many_is_never_answered_by_a_sentence_without_a_count(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"atom.txt": (  # min_score 0: only the candidate rules refuse
        "Rosatom helps Vietnam to train nuclear physicists at its research centre. "
        "Dubna hosts several Vietnamese physicists each year.")}, min_score=0.0)
    answer = engine.ask("How many nuclear physicists has Rosatom trained for Vietnam?")
    assert [c.quote for c in answer.citations] == ["Dubna hosts several Vietnamese physicists each year."]
    (tmp_path / "alone").mkdir()
    engine = hash_engine(tmp_path / "alone", {"atom.txt": (
        "Rosatom helps Vietnam to train nuclear physicists at its research centre.")}, min_score=0.0)
    assert engine.ask("How many nuclear physicists has Rosatom trained for Vietnam?").refused
    assert not engine.ask("Which physicists does Rosatom help Vietnam to train?").refused


def test_the_two_countries_counts_nothing_unless_countries_are_asked_about(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"ties.txt": (  # min_score 0: only the candidate rules refuse
        "Relations between the two countries took shape when many Vietnamese studied in the Soviet Union.")},
        min_score=0.0)
    assert engine.ask("How many Vietnamese studied in the Soviet Union?").refused
    assert not engine.ask("How many countries took part in these relations?").refused
    assert has_count("The two sides signed three agreements.", "How many agreements were signed?")
    assert not has_count("The two sides met in Hanoi.", "How many agreements were signed?")


def test_one_of_many_is_no_count(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"tourism.txt": (  # min_score 0: only the candidate rules refuse
        "Vietnam is one of the favourite destinations of Russian tourists.")}, min_score=0.0)
    assert engine.ask("How many Russian tourists visited Vietnam?").refused
    (tmp_path / "one").mkdir()
    engine = hash_engine(tmp_path / "one", {"tourism.txt": (
        "Vietnam is the favourite destination of one Russian tourist.")}, min_score=0.0)
    assert not engine.ask("How many Russian tourists visited Vietnam?").refused


def test_a_question_for_a_measure_is_answered_with_a_figure(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"kaluga.txt": (
        "The population of Kaluga Oblast welcomed the delegation. "
        "The population of Kaluga Oblast was 1,069,904 people.")}, min_score=0.0)
    answer = engine.ask("What is the population of Kaluga Oblast?")
    assert answer.citations[0].quote == "The population of Kaluga Oblast was 1,069,904 people."


def test_reference_list_lines_are_searchable_but_never_quoted(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {"paper.md": (
        "# Partnership\n\nThe strategic partnership of Vietnam and Russia was signed in 2001.\n\n"
        "## 7. References\n\nMazyrin, V.M. (2021). The state of the Russian-Vietnamese strategic partnership "
        "in the new era of cooperation.\n\n*The Russian Journal of Vietnamese Studies*, 5(4), p. 148-161.\n\n"
        "## Appendix\n\nThe appendix lists the ministers of Vietnam who visited Russia each year.\n")},
        min_score=0.0)
    question = "What is the state of the Russian-Vietnamese strategic partnership in the new era?"
    text = engine.document_text("paper.md")
    assert any("Mazyrin" in p.text for p in engine.search(question, k=5))
    answer = engine.ask(question)
    check_citations(engine, answer)
    assert not answer.refused
    quoted = [c.quote for c in answer.citations]
    assert not any("Mazyrin" in q or "Journal" in q for q in quoted), quoted
    assert "The strategic partnership of Vietnam and Russia was signed in 2001." in quoted
    # the list ends at the next heading: the appendix after it answers again
    appendix = engine.ask("Which ministers of Vietnam visited Russia each year?")
    assert appendix.citations[0].start > text.index("## Appendix")


def test_a_question_in_another_language_matches_no_names(tmp_path: Path) -> None:
    """Names are matched by spelling: "Лаос" is never "Laos", so for a question in another language
    than the documents, names neither ground a sentence nor anchor it."""
    from qa.answer import settings_for

    assert settings_for("e5", other_language=True).match_names is False
    assert settings_for("minilm").match_names and settings_for("e5").match_names
    engine = hash_engine(tmp_path, {"trade.txt": (
        "Russia offers 1,000 scholarships to Vietnamese students every year.")}, min_score=0.0)
    question = "How many scholarships does Russia offer Вьетнамским students?"
    assert engine.ask(question).refused  # a name the document never spells
    engine.answer_settings = replace(engine.answer_settings, match_names=False)
    assert "1,000 scholarships" in engine.ask(question).text


def test_passages_that_are_all_reference_list_do_not_take_an_answers_place(tmp_path: Path) -> None:
    """A reference list can outrank the passage that answers (its titles repeat the question's
    words); ``ask`` reads on past it, so that ``passages`` counts passages that can be quoted. The
    first chunk, a heading and the list's start, holds nothing to quote either."""
    entries = "".join(
        f"Author{i}, A. ({2000 + i}). Trade volume of Russia and Vietnam, part {i}. *Russia and Vietnam "
        f"trade volume review*, {i}(1).\n\n" for i in range(12)
    )
    engine = hash_engine(tmp_path, {
        "paper.md": f"# Trade\n\n## References\n\n{entries}",
        "figures.txt": "Bilateral trade volume of Russia and Vietnam reached 26 billion dollars in 2025.",
    }, min_score=0.0)
    answer = check_read_past(engine, "What is the trade volume of Russia and Vietnam?", "paper.md", "figures.txt")
    assert "26 billion dollars" in answer.text


def check_read_past(engine: qa.Engine, question: str, unquotable: str, answering: str) -> qa.Answer:
    """``question``'s best passage is of ``unquotable``; with ``passages=1`` the answer is quoted from
    ``answering``, read on to, and the passage read past is still first in ``Answer.passages``, as the
    measure of the answer's retrieval score."""
    first = engine.search(question, k=1)[0]
    assert first.doc_id == unquotable
    answer = engine.ask(question, passages=1)
    check_citations(engine, answer)
    assert [c.doc_id for c in answer.citations] == [answering]
    assert answer.passages[0] == first and answer.passages[-1].doc_id == answering
    return answer


def test_passages_of_documents_without_the_name_asked_about_do_not_take_an_answers_place(tmp_path: Path) -> None:
    """A passage of a document that never names what the question names holds nothing an answer may
    quote (the grounding rule), however many of the question's other words it repeats: ``ask`` reads
    on past it, as past a reference list."""
    engine = hash_engine(tmp_path, {
        "roles.txt": "Vietnam plays a key role in the region. The role Vietnam plays in trade is growing.",
        "rosatom.txt": "Rosatom helps Vietnam to train nuclear physicists and establish a research centre.",
    }, min_score=0.0)
    check_read_past(engine, "What role does Rosatom play in Vietnam?", "roles.txt", "rosatom.txt")


def test_more_never_says_again_what_was_given(tmp_path: Path) -> None:
    """A table row repeating a list's line, and another document's sentence of the same fact, are
    not "more" after either was quoted."""
    engine = hash_engine(tmp_path, {
        "a.txt": "Key facts:\n\n- Russian Railways won a $750 M rail contract in 2025.\n\n"
                 "| Sector | Milestone |\n|---|---|\n"
                 "| Rail | Russian Railways won a $750 M rail contract in 2025. |\n\n"
                 "Russian Railways also trains Vietnamese rail engineers in Moscow every year.\n",
        "b.txt": "In 2025 Russian Railways won a rail contract of $750 M.\n",
    }, min_score=0.0)
    first = engine.ask("What contract did Russian Railways win?", max_sentences=1)
    assert "$750 M" in first.text
    history: list[str | qa.Answer] = [first]
    for _ in range(5):
        more = engine.ask("Tell me more", history=history, max_sentences=1)
        if more.refused:
            break
        check_citations(engine, more)
        assert "$750 M" not in more.text
        history += [more]
    assert any("engineers" in a.text for a in history if isinstance(a, qa.Answer))
