from dataclasses import replace

from qa.render import answer_html, answer_text, conversation_sources_html, passages_html, sources_html
from qa.types import Answer, AnswerSentence, Citation, Passage

EVIL = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"


def make_answer(refused: bool = False) -> Answer:
    passage = Passage("evil.html", "T<b>itle", f"Before. {EVIL}. After.", 100, 100 + len(f"Before. {EVIL}. After."),
                      None, 1.0, 1)
    quote = f"{EVIL}."
    start = 100 + len("Before. ")
    cite = Citation(1, "evil.html", "T<b>itle", start, start + len(quote), quote, None)
    if refused:
        return Answer("q", "The documents do not answer this question.", True, [], [passage])
    return Answer("q", f"{quote} [1]", False, [cite], [passage], sentences=[AnswerSentence(quote, (1,))])


def test_document_text_is_escaped_everywhere() -> None:
    answer = make_answer()
    for html in (answer_html(answer), sources_html(answer), passages_html(answer.passages)):
        assert "<script>" not in html and "<img" not in html and "<b>itle" not in html
        assert "&lt;script&gt;" in html


def test_markers_link_to_sources_in_order() -> None:
    answer = make_answer()
    assert "href='#qa-src-1-1'" in answer_html(answer)
    sources = sources_html(answer)
    assert "id='qa-src-1-1'" in sources and "<mark>&lt;script&gt;" in sources


def test_each_answer_of_a_conversation_links_to_its_own_sources() -> None:
    first, second = make_answer(), replace(make_answer(), question="a second question")
    assert "href='#qa-src-2-1'" in answer_html(second, turn=2)
    panel = conversation_sources_html([sources_html(first, 1), sources_html(second, 2)])
    assert panel.count("id='qa-src-1-1'") == panel.count("id='qa-src-2-1'") == 1
    assert panel.index("a second question") < panel.index("id='qa-src-1-1'")  # the latest on top


def test_the_question_heading_the_sources_is_escaped() -> None:
    sources = sources_html(replace(make_answer(), question=EVIL))
    assert "<script>" not in sources and "<img" not in sources and "&lt;img src=x" in sources


def test_refusal_looks_different_and_shows_closest_apart() -> None:
    answer = make_answer(refused=True)
    assert "qa-refusal" in answer_html(answer) and "qa-marker" not in answer_html(answer)
    assert "do not answer the question" in sources_html(answer)
    assert "Closest passages (not an answer)" in answer_text(answer)


def test_a_resolved_follow_up_says_how_it_was_read() -> None:
    answer = replace(make_answer(), question="And in 2018?", resolved_question=f"Trade in 2018 {EVIL}?")
    assert "(read as: Trade in 2018" in answer_text(answer).splitlines()[0]
    sources = sources_html(answer)
    assert "read as: Trade in 2018 &lt;script&gt;" in sources and "<script>" not in sources
    assert "read as" not in sources_html(make_answer()) + answer_text(make_answer())  # not when unchanged


def test_a_passage_two_sentences_come_from_is_shown_once() -> None:
    first, second = "Trade reached $4.5 billion in 2018.", f"It doubled {EVIL}."
    text = f"Intro. {first} Middle. {second} End."
    passage = Passage("a.txt", "A", text, 0, len(text), None, 1.0, 1)
    cites = [Citation(1, "a.txt", "A", text.index(second), text.index(second) + len(second), second, None),
             Citation(2, "a.txt", "A", text.index(first), text.index(first) + len(first), first, None)]
    answer = Answer("q", f"{second} [1] {first} [2]", False, cites, [passage],
                    sentences=[AnswerSentence(second, (1,)), AnswerSentence(first, (2,))])
    sources = sources_html(answer)
    assert sources.count("Intro.") == 1 and sources.count("Middle.") == 1  # the passage once
    entry_1, entry_2 = sources.split("id='qa-src-1-2'")
    assert "<mark>It doubled &lt;script&gt;" in entry_1  # [1]'s quote marked inside the passage
    assert f"<span class='qa-also'>{first}<sup>[2]</sup></span>" in entry_1  # [2]'s tinted, labelled
    assert f"<mark>{first}</mark>" in entry_2 and "href='#qa-src-1-1'" in entry_2
    assert "<script>" not in sources and "<img" not in sources
    assert sources.count("class='qa-citation'") == 2  # one entry per marker still
