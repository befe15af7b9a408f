"""Files on disk -> Documents: stable ids, content hashes, titles, section headings.

The doc id is the path relative to the corpus root with POSIX separators, so
``seeds/000_93c33c8fd0791c1c.txt`` indexed from ``seeds`` is ``000_93c33c8fd0791c1c.txt``.
Files that cannot be read are skipped with a reason; the rest are still indexed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError
from qa.parsers import SUPPORTED, ParseError, parse
from qa.types import Document

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_DECORATION = re.compile(r"[*_`]+")
TITLE_CHARS = 160


@dataclass(frozen=True)
class Skipped:
    """A file left out of the index, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    """A file to index: where it is and the id it gets."""

    path: Path
    doc_id: str


def find_files(source: str | os.PathLike[str]) -> tuple[list[SourceFile], list[Skipped]]:
    """Every supported file under a folder (or the one file given), in a stable order.

    Hidden files and folders are passed over; unsupported types are reported as skipped.
    """
    root = Path(source)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder")
    if root.is_file():
        files, base = [root], root.parent
    else:
        base = root
        files = sorted(
            p for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
    found: list[SourceFile] = []
    skipped: list[Skipped] = []
    for path in files:
        if path.suffix.lower() in SUPPORTED:
            found.append(SourceFile(path, path.relative_to(base).as_posix()))
        else:
            skipped.append(Skipped(str(path), f"unsupported type; supported: {', '.join(SUPPORTED)}"))
    return found, skipped


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_document(source: SourceFile) -> Document:
    """Read and parse one file. Raises ParseError (with a reason) when it cannot be indexed."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read it ({exc.strerror or exc})") from exc
    parsed = parse(data, source.path.suffix.lower())
    if not parsed.text.strip():
        if parsed.page_starts:
            raise ParseError(
                f"its {len(parsed.page_starts)} page(s) hold no text layer, only images (a scan?); "
                "add a text layer with OCR first, e.g. ocrmypdf"
            )
        raise ParseError("it holds no text")
    return make_document(
        source.doc_id, parsed.text, sha256=hashlib.sha256(data).hexdigest(),
        title=parsed.title, page_starts=parsed.page_starts,
    )


def make_document(
    doc_id: str, text: str, *, sha256: str | None = None, title: str = "",
    page_starts: tuple[int, ...] = (),
) -> Document:
    """A Document from text already in hand (also used for benchmark corpora)."""
    headings = find_headings(text)
    title = clean_heading(title) or (headings[0][1] if headings else first_line(text))
    digest = sha256 or hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    return Document(doc_id, title, text, digest, page_starts, headings)


def load_documents(sources: Iterable[SourceFile]) -> tuple[list[Document], list[Skipped]]:
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for source in sources:
        try:
            docs.append(load_document(source))
        except ParseError as exc:
            skipped.append(Skipped(str(source.path), str(exc)))
    return docs, skipped


def find_headings(text: str) -> tuple[tuple[int, str], ...]:
    """Markdown ATX headings: (offset of the line, heading text without decoration)."""
    found = []
    for match in _HEADING.finditer(text):
        heading = clean_heading(match.group(2))
        if heading:
            found.append((match.start(), heading))
    return tuple(found)


def clean_heading(text: str) -> str:
    return " ".join(_DECORATION.sub("", text).split())[:TITLE_CHARS]


FIRST_LINE_CHARS = 90


def first_line(text: str) -> str:
    """The first non-empty line, cut at a word boundary with an ellipsis when it is long."""
    for line in text.splitlines():
        cleaned = clean_heading(line.lstrip("#>-* "))
        if cleaned:
            if len(cleaned) <= FIRST_LINE_CHARS:
                return cleaned
            return cleaned[:FIRST_LINE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"
    return ""
