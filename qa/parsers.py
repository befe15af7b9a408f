"""File bytes -> text, one parser per format, each with a well-kept library.

A parser returns ``Parsed``: the text we store (and later quote), a title from the file's own
metadata when it has one, and page start offsets for paged formats. Headings found in HTML and
DOCX structure are written into the text as Markdown ``#`` lines, so one heading detector serves
every format. Parsers raise ``ParseError`` with a reason fit to show a person.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


# What authoring tools write as a file's title when its author gave none ("untitled" is reportlab's
# default, "Microsoft Word - draft.docx" Word's print-to-PDF, "Document1" Word's): no title at all, so
# the document is titled by its first heading or line instead.
_PLACEHOLDER_TITLE = re.compile(
    r"untitled([- ]?(document|\d+))?|document\s*\d*|no title|title|microsoft (word|powerpoint|excel) - .*",
    re.IGNORECASE)


def metadata_title(value: object) -> str:
    """A title from a file's metadata, or "" when there is none or it is a tool's placeholder.

    >>> [metadata_title(t) for t in ("untitled", "Microsoft Word - draft3.docx", " Russia and Vietnam ", None)]
    ['', '', 'Russia and Vietnam', '']
    """
    title = str(value).strip() if value else ""
    return "" if _PLACEHOLDER_TITLE.fullmatch(title) else title


class ParseError(Exception):
    """The file cannot be turned into text; the message says why."""


@dataclass(frozen=True)
class Parsed:
    text: str
    title: str = ""
    page_starts: tuple[int, ...] = ()


def parse(data: bytes, suffix: str) -> Parsed:
    """Dispatch on the (lower-case) file suffix."""
    if suffix in (".txt", ".md", ".markdown"):
        return Parsed(decode_text(data))
    if suffix in (".html", ".htm"):
        return parse_html(data)
    if suffix == ".pdf":
        return parse_pdf(data)
    if suffix == ".docx":
        return parse_docx(data)
    raise ParseError(f"unsupported type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")


# Legacy encodings we guess between when a file is not UTF-8: Western, Russian (two), Vietnamese.
# A short list keeps charset-normalizer from picking look-alikes such as cp1250 for French.
LEGACY_ENCODINGS = ["utf_16", "cp1252", "cp1251", "koi8_r", "cp1258"]


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM stripped), else charset-normalizer's best guess among LEGACY_ENCODINGS;
    binary is refused."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise ParseError("looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise ParseError("not readable as text in any known encoding")
    return str(best)


_BLOCKS = (
    "p", "div", "li", "ul", "ol", "br", "tr", "table", "section", "article", "header",
    "footer", "blockquote", "pre", "dd", "dt", "figure", "figcaption", "main", "aside", "hr",
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*")


def parse_html(data: bytes) -> Parsed:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "lxml")
    title = metadata_title(soup.title.get_text(" ", strip=True) if soup.title else "")
    for tag in soup(["script", "style", "noscript", "template", "head", "svg", "iframe"]):
        tag.decompose()
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.insert(0, "\n\n" + "#" * level + " ")
            h.append("\n\n")
    for tag in soup.find_all(_BLOCKS):
        tag.insert(0, "\n")
        tag.append("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.append(" \t")
    return Parsed(_tidy(soup.get_text("")), title=title)


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_level = logging.NOTSET


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's warnings about a damaged file ("invalid pdf header", "EOF marker not found")
    off the user's terminal while it is parsed: the file is skipped with a reason of ours, or read
    despite them. Its logger's level is put back when the last concurrent parse ends."""
    global _quiet_depth, _saved_level
    logger = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            _saved_level = logger.level
            logger.setLevel(logging.ERROR)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                logger.setLevel(_saved_level)


def parse_pdf(data: bytes) -> Parsed:
    with _quiet_pypdf():
        return _parse_pdf(data)


def _parse_pdf(data: bytes) -> Parsed:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("the PDF is encrypted with a password")
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for page in reader.pages:
            page_text = _tidy(page.extract_text() or "")
            starts.append(offset)
            parts.append(page_text)
            offset += len(page_text) + 2  # the "\n\n" join below
        meta = reader.metadata
        title = metadata_title(meta.title if meta else None)
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ParseError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        if "crypt" in str(exc).lower():
            raise ParseError("the PDF is encrypted and cannot be read") from exc
        raise ParseError(f"not a readable PDF ({exc.__class__.__name__})") from exc
    return Parsed("\n\n".join(parts), title=title, page_starts=tuple(starts))


def parse_docx(data: bytes) -> Parsed:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml errors alike
        raise ParseError(f"not a readable DOCX file ({exc.__class__.__name__})") from exc
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [c.text.strip() for c in row.cells]
                blocks.append(" | ".join(c for c in cells if c))
            continue
        text = item.text.strip()
        style = (item.style.name if item.style is not None else "") or ""
        match = re.match(r"Heading (\d)", style)
        if text and (match or style == "Title"):
            level = int(match.group(1)) if match else 1
            text = "#" * min(level, 6) + " " + text
        blocks.append(text)
    title = metadata_title(document.core_properties.title)
    return Parsed(_BLANKS.sub("\n\n", "\n\n".join(b for b in blocks if b)).strip(), title=title)
