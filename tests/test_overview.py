"""Questions asking what a named document is about are answered by the document's own summary."""

from __future__ import annotations

from pathlib import Path

import pytest

import qa
from qa.overview import document_phrase, named_document, summary_start
from qa.types import Document
from tests.test_answer import check_citations, hash_engine

VALDAI = "002_27993d897c224150.txt"  # "Russia and Vietnam in the New Asia", a Valdai Discussion Club report
PAPER = "003_7c68a6e4b2740a80.txt"  # a paper on South–South cooperation, with an abstract


@pytest.mark.parametrize(("question", "phrase"), [
    ("What is the Valdai Club report about?", "the valdai club report"),
    ("What’s this paper all about", "this paper"),
    ("Summarise the article on trade.", "the article on trade"),
    ("Give me a brief overview of the Valdai report", "the valdai report"),
    ("What are the main points of the report by Tsvetov?", "the report by tsvetov"),
    ("What does the Valdai report say?", "the valdai report"),
    ("What was bilateral trade in 2018?", ""),
    ("What is the Vostochny cosmodrome?", ""),
])
def test_the_phrase_naming_what_is_to_be_summed_up(question: str, phrase: str) -> None:
    assert document_phrase(question) == phrase


def test_a_document_is_named_by_a_kind_word_and_its_front_matter_or_a_quoted_title(engine: qa.Engine) -> None:
    docs = engine.documents()
    named = {q: (d.doc_id if (d := named_document(q, docs)) else None) for q in (
        "What is the Valdai Club report about?",  # "Valdai" stands only in its front matter
        "What are the main points of the report by Tsvetov?",  # an author of its byline
        "Summarize the paper on South-South cooperation.",  # its title
        'What is "Russia and Vietnam in the New Asia" about?',  # its title, quoted
        "What is Russia and Vietnam in the New Asia about?",  # unquoted: a topic, not a document
        "What is the report on Russia about?",  # fits more than one
        "What is the report about?",  # five documents: which one?
        "What was the movie Fried Green Tomatoes about?",
    )}
    assert list(named.values()) == [VALDAI, VALDAI, PAPER, VALDAI, None, None, None, None]


def test_the_only_document_is_this_document() -> None:
    only = Document("a.txt", "Harbour notes", "The harbour was dredged in 2020.", "0")
    assert named_document("What is this document about?", [only]) is only
    assert named_document("What is this document about?", [only, only]) is None


def test_a_summary_heading_or_label_in_the_opening_quarter_is_where_a_summary_starts() -> None:
    body = "Intro sentence here.\n" + "Filler text for the body of the report. " * 100
    labelled = Document("a.txt", "A", "Title\n\n**Abstract.** We study harbours.\n\n" + body, "0")
    headed = Document("b.txt", "B", "Title\n\n- 1 Main Points\n\n## Main Points\n\nHarbours matter.\n" + body, "0")
    closing = Document("c.txt", "C", body + "\nSummary: all told, harbours matter.", "0")
    assert labelled.text[summary_start(labelled):].startswith("**Abstract.**")
    assert headed.text[summary_start(headed):].startswith("## Main Points")  # not the contents' line
    assert summary_start(closing) == 0  # a closing summary sums up the end, not the document


def test_a_named_report_is_answered_by_its_main_points_in_order(engine: qa.Engine) -> None:
    answer = engine.ask("What is the Valdai Club report about?")
    assert not answer.refused and answer.confidence == 1.0
    check_citations(engine, answer)
    assert {c.doc_id for c in answer.citations} == {VALDAI}
    text = engine.document_text(VALDAI)
    main_points = text.index("## Main Points")
    starts = [c.start for c in answer.citations]
    assert starts == sorted(starts) and starts[0] > main_points
    assert answer.citations[0].quote == "Southeast Asia stands at several forks in the road at once."
    assert len(answer.citations) == 3  # the default answer length
    assert len(engine.ask("What is the Valdai Club report about?", max_sentences=1).citations) == 1


def test_a_paper_is_answered_by_its_abstract(engine: qa.Engine) -> None:
    answer = engine.ask("Summarize the paper on South-South cooperation.")
    check_citations(engine, answer)
    assert answer.citations[0].quote.startswith("In the context of a reshaping world order, this study analyzes")


def test_a_document_without_a_summary_opens_with_prose_not_its_contents(tmp_path: Path) -> None:
    engine = hash_engine(tmp_path, {
        "harbour.md": "# Harbour Authority annual report\n\nTable of Contents\n- 1. Dredging works in the port\n"
                      "- 2. Shipping traffic in the year\n\nThe port handled more ships than ever this year. "
                      "Dredging deepened the channel to twelve metres.\n",
        "rail.md": "# Rail notes\n\nThe line to the border was finished in May.\n",
    })
    answer = engine.ask("What is the Harbour Authority report about?")
    check_citations(engine, answer)
    assert [c.quote for c in answer.citations] == [
        "The port handled more ships than ever this year.", "Dredging deepened the channel to twelve metres."]



def test_a_follow_up_naming_another_document_asks_the_same_of_it(engine: qa.Engine) -> None:
    answer = engine.ask("And the paper on South-South cooperation?", history=["What is the Valdai Club report about?"])
    assert answer.resolved_question == "What is the paper on South-South cooperation about?"
    assert {c.doc_id for c in answer.citations} == {PAPER}
    year = engine.ask("And in 2018?", history=["What is the Valdai Club report about?"])
    assert year.resolved_question != "What is in 2018 about?"  # not a document: read as before
