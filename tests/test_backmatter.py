from __future__ import annotations

from qa.backmatter import inside, is_reference_heading, reference_spans
from qa.sources import make_document


def test_reference_list_names_in_three_languages_and_decorations() -> None:
    for line in ("## References", "## **7. References**", "REFERENCES", "Bibliography:", "### Works Cited",
                 "Список литературы", "## Литература", "Tài liệu tham khảo", "TAI LIEU THAM KHAO", "IV. References"):
        assert is_reference_heading(line), line
    for line in ("### 3.2. Data sources", "References are listed below.", "## Literature review", "",
                 "## Referenced works of Vietnamese poets and their reception", "Notes on the references"):
        assert not is_reference_heading(line), line


def test_reference_spans_run_from_the_name_to_the_next_heading_or_the_end() -> None:
    text = ("# Paper\n\nBody text.\n\n## References\n\nA, B. (2020). Title.\n\n## Appendix\n\nMore.\n\n"
            "REFERENCES\n\nC, D. (2019). Other.\n")
    spans = reference_spans(make_document("paper.md", text))
    assert spans == (
        (text.index("## References"), text.index("## Appendix")),
        (text.index("REFERENCES"), len(text)),
    )
    assert inside(spans, text.index("A, B.")) and inside(spans, text.index("C, D."))
    assert not inside(spans, text.index("Body")) and not inside(spans, text.index("More."))
    assert reference_spans(make_document("note.txt", "No list here.\nReferences to it are many.\n")) == ()


def test_a_how_to_cite_line_is_a_reference_and_only_that_line() -> None:
    text = ("Tran Tuyen\n\n**Abstract.** Trade grew in 2025.\n\n"
            "**For citation:** Tran Tuyen (2025). Vietnam—Russia Relations in the New Era.\n"
            "Для цитирования: Чан Туен. Вьетнамско-российские отношения.\n"
            "Citation counts rose in 2024.\n\n## References\n\nA, B. (2020). Title.\n"
            "To cite this article: inside the list already.\n")
    spans = reference_spans(make_document("paper.md", text))
    cite = text.index("**For citation:**")
    russian = text.index("Для цитирования")
    assert spans == (
        (cite, text.index("\n", cite)),
        (russian, text.index("\n", russian)),
        (text.index("## References"), len(text)),
    )
    assert not inside(spans, text.index("Citation counts")) and not inside(spans, text.index("Trade grew"))
