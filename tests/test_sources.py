from __future__ import annotations

import io
from pathlib import Path

import pytest

from qa.parsers import ParseError, parse
from qa.sources import find_files, load_documents


def make_pdf(pages: list[str], title: str = "", password: str = "") -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    if title:
        pdf.setTitle(title)
    for text in pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    if not password:
        return buf.getvalue()
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(buf.getvalue())).pages:
        writer.add_page(page)
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(title: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading("Space cooperation", level=1)
    document.add_paragraph("Phạm Tuân flew on Soyuz 37 in 1980.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Year"
    table.rows[0].cells[1].text = "1980"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_pdf_pages_and_metadata_title() -> None:
    parsed = parse(make_pdf(["Page one text.", "Page two text."], title="Report"), ".pdf")
    assert parsed.title == "Report"
    assert parsed.page_starts[0] == 0
    second = parsed.text.index("Page two")
    assert parsed.page_starts[1] == second


def test_a_placeholder_metadata_title_gives_way_to_the_first_line(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(make_pdf(["Space Cooperation Between Vietnam and Russia"]))  # "untitled"
    (tmp_path / "draft.pdf").write_bytes(make_pdf(["Trade in 2025"], title="Microsoft Word - draft3.docx"))
    docs, _ = load_documents(find_files(tmp_path)[0])
    assert {d.doc_id: d.title for d in docs} == {
        "paper.pdf": "Space Cooperation Between Vietnam and Russia", "draft.pdf": "Trade in 2025"}


def test_encrypted_pdf_is_refused_with_reason() -> None:
    with pytest.raises(ParseError, match="encrypted"):
        parse(make_pdf(["secret"], password="pw"), ".pdf")


def test_corrupt_pdf_is_refused() -> None:
    with pytest.raises(ParseError, match="PDF"):
        parse(b"%PDF-1.4 this is not really a pdf", ".pdf")


def test_docx_headings_tables_title() -> None:
    parsed = parse(make_docx("Cosmonauts"), ".docx")
    assert parsed.title == "Cosmonauts"
    assert "# Space cooperation" in parsed.text
    assert "Phạm Tuân flew on Soyuz 37 in 1980." in parsed.text
    assert "Year | 1980" in parsed.text


def test_html_text_headings_and_no_script() -> None:
    html = (
        b"<html><head><title>Ties</title><style>p{}</style></head><body>"
        b"<h2>Trade</h2><p>Trade grew <b>fast</b> in 2023.</p><script>alert(1)</script>"
        b"<ul><li>One</li><li>Two</li></ul></body></html>"
    )
    parsed = parse(html, ".html")
    assert parsed.title == "Ties"
    assert parsed.text == "## Trade\n\nTrade grew fast in 2023.\n\nOne\n\nTwo"


def test_text_encodings_and_binary() -> None:
    assert parse("Phạm Tuân".encode("utf-8-sig"), ".txt").text == "Phạm Tuân"
    french = "Le café est déjà prêt. La façade de l'hôtel était très élégante, près du théâtre. " * 3
    assert parse(french.encode("cp1252"), ".txt").text == french
    russian = "Россия и Вьетнам подписали соглашение о сотрудничестве в области энергетики. " * 3
    assert parse(russian.encode("cp1251"), ".txt").text == russian
    with pytest.raises(ParseError, match="binary"):
        parse(b"\x00\x01\x02abc", ".txt")


def test_folder_ids_titles_and_skips(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("# Alpha title\n\nBody text.", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("First line is the title\nMore.", encoding="utf-8")
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / "bin.txt").write_bytes(b"\x00\xff" * 10)
    (root / ".hidden.txt").write_text("secret", encoding="utf-8")
    (root / "c.docx").write_bytes(make_docx("Cosmonauts"))
    (root / "scan.pdf").write_bytes(make_pdf(["", ""]))  # pages without a text layer
    files, skipped = find_files(root)
    assert [f.doc_id for f in files] == ["a.md", "bin.txt", "c.docx", "empty.txt", "scan.pdf", "sub/b.txt"]
    assert [Path(s.path).name for s in skipped] == ["image.png"]
    docs, unreadable = load_documents(files)
    assert {d.doc_id: d.title for d in docs} == {
        "a.md": "Alpha title", "c.docx": "Cosmonauts", "sub/b.txt": "First line is the title",
    }
    reasons = {Path(s.path).name: s.reason for s in unreadable}
    assert "binary" in reasons["bin.txt"] and "no text" in reasons["empty.txt"]
    assert "2 page(s) hold no text layer" in reasons["scan.pdf"] and "OCR" in reasons["scan.pdf"]
    assert all(len(d.sha256) == 64 for d in docs)


def test_single_file_id_is_its_name(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Hello.", encoding="utf-8")
    files, _ = find_files(path)
    assert [f.doc_id for f in files] == ["one.txt"]


def test_a_damaged_pdf_leaves_no_library_warnings_and_logging_as_it_was(caplog) -> None:
    import logging

    pypdf_logger = logging.getLogger("pypdf")
    pypdf_logger.setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.DEBUG), pytest.raises(ParseError):
            parse(b"\xc7\xe3D2\x80" + bytes(range(256)) * 8, ".pdf")
        assert not [r for r in caplog.records if r.name.startswith("pypdf") and r.levelno >= logging.WARNING]
        assert pypdf_logger.level == logging.INFO
    finally:
        pypdf_logger.setLevel(logging.NOTSET)
