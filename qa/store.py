"""The persisted index: documents, chunks, vectors, FAISS and BM25 files, and a manifest.

Layout: ``INDEX/CURRENT`` names the live version folder ``INDEX/v-<id>/``, which holds
``manifest.json`` beside the data files. A build writes a new version folder completely, then
replaces ``CURRENT`` with ``os.replace`` (atomic), then removes older versions. A crash at any
point leaves ``CURRENT`` naming a complete, loadable index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.errors import IndexInvalidError, IndexMissingError
from qa.lexical import LexicalIndex
from qa.types import Chunk, Document
from qa.vectors import DenseIndex, DenseInfo

SCHEMA = "qa-index v1"
CURRENT = "CURRENT"
DATA_FILES = ("documents.jsonl", "chunks.jsonl", "vectors.npy", "dense.faiss")
MULTILINGUAL_FILES = ("vectors-multilingual.npy", "dense-multilingual.faiss")
LEXICAL_DIR = "lexical"


@dataclass(frozen=True)
class DenseSide:
    """The chunks embedded a second time, by the multilingual embedder the manifest names under
    ``multilingual``: searched for questions that are not in English. ``vectors[i]`` is ``chunks[i]``'s."""

    vectors: np.ndarray
    dense: DenseIndex


@dataclass(frozen=True)
class IndexData:
    """Everything an index holds, in memory. ``vectors[i]`` belongs to ``chunks[i]``."""

    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    dense: DenseIndex
    lexical: LexicalIndex
    multilingual: DenseSide | None = None
    version: str = ""  # the version folder it was read from ("" before it is written)


def fix_command(manifest: dict[str, Any] | None, index_dir: str | Path) -> str:
    source = (manifest or {}).get("source") or "SOURCE_DIR"
    return f"python -m qa index {source} --index {index_dir}"


def current_version(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return index_dir / name


def read_index(index_dir: str | os.PathLike[str]) -> IndexData:
    """Load and validate the live version; errors say which command fixes them.

    Old versions are deleted two builds later; a reader so slow that its version vanished while it
    was loading starts again from the version ``CURRENT`` names now.
    """
    index_dir = Path(index_dir)
    for _ in range(5):
        version = current_version(index_dir)
        try:
            return _read_version(index_dir, version)
        except Exception:
            # whatever a vanishing file makes a reader raise (faiss raises RuntimeError), when a
            # newer version replaced this one meanwhile; an error of the live version is reported
            if current_version(index_dir) == version:
                raise
    return _read_version(index_dir, current_version(index_dir))


def _read_version(index_dir: Path, version: Path | None) -> IndexData:
    if version is None:
        raise IndexMissingError(
            f"no index at {index_dir}; build one with: python -m qa index SOURCE_DIR --index {index_dir}"
        )
    manifest = read_manifest(version, index_dir)
    for name, digest in manifest["files"].items():
        path = version / name
        if not path.is_file() or _sha256(path) != digest:
            raise IndexInvalidError(
                f"index file {path} is missing or damaged; rebuild with: {fix_command(manifest, index_dir)}"
            )
    documents = {}
    for row in _read_jsonl(version / "documents.jsonl"):
        row["page_starts"] = tuple(row["page_starts"])
        row["headings"] = tuple((start, text) for start, text in row["headings"])
        documents[row["doc_id"]] = Document(**row)
    chunks = []
    for row in _read_jsonl(version / "chunks.jsonl"):
        doc = documents[row["doc_id"]]
        start, end = row["start"], row["end"]
        chunks.append(Chunk(
            doc_id=doc.doc_id, start=start, end=end, text=doc.text[start:end], title=doc.title,
            section=row["section"], page=row["page"], n_tokens=row["n_tokens"],
            sentences=tuple((a, b) for a, b in row["sentences"]),
        ))
    vectors = np.load(version / "vectors.npy")
    dense = DenseIndex.load(version / "dense.faiss", DenseInfo(**manifest["dense"]))
    lexical = LexicalIndex.load(version / LEXICAL_DIR, len(chunks))
    multilingual = None
    if manifest.get("multilingual"):
        vectors_file, dense_file = MULTILINGUAL_FILES
        multilingual = DenseSide(
            np.load(version / vectors_file),
            DenseIndex.load(version / dense_file, DenseInfo(**manifest["multilingual"]["dense"])),
        )
    return IndexData(manifest, documents, chunks, vectors, dense, lexical, multilingual, version.name)


def read_manifest(version: Path, index_dir: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexInvalidError(
            f"the index at {index_dir} has no readable manifest; rebuild with: {fix_command(None, index_dir)}"
        ) from exc
    if manifest.get("schema") != SCHEMA:
        raise IndexInvalidError(
            f"the index at {index_dir} has schema {manifest.get('schema')!r}, this version reads {SCHEMA!r}; "
            f"rebuild with: {fix_command(manifest, index_dir)}"
        )
    return manifest


def write_index(index_dir: str | os.PathLike[str], data: IndexData) -> Path:
    """Write a new version folder, then switch ``CURRENT`` to it atomically."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    try:
        _write_jsonl(tmp / "documents.jsonl", (asdict(d) for d in data.documents.values()))
        _write_jsonl(tmp / "chunks.jsonl", (_chunk_row(c) for c in data.chunks))
        np.save(tmp / "vectors.npy", np.ascontiguousarray(data.vectors, dtype=np.float32))
        data.dense.save(tmp / "dense.faiss")
        data.lexical.save(tmp / LEXICAL_DIR)
        names = list(DATA_FILES)
        manifest = {**data.manifest, "dense": asdict(data.dense.info)}
        if data.multilingual is not None:
            vectors_file, dense_file = MULTILINGUAL_FILES
            np.save(tmp / vectors_file, np.ascontiguousarray(data.multilingual.vectors, dtype=np.float32))
            data.multilingual.dense.save(tmp / dense_file)
            names += MULTILINGUAL_FILES
            side = manifest.get("multilingual") or {}
            manifest["multilingual"] = {**side, "dense": asdict(data.multilingual.dense.info)}
        else:
            manifest["multilingual"] = None
        files = {name: _sha256(tmp / name) for name in names}
        for path in sorted((tmp / LEXICAL_DIR).iterdir()):
            files[f"{LEXICAL_DIR}/{path.name}"] = _sha256(path)
        manifest["files"] = files
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        _fsync_tree(tmp)
        version = index_dir / ("v-" + hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16])
        if version.exists():
            shutil.rmtree(version)
        os.replace(tmp, version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    previous = current_version(index_dir)
    _replace_text(index_dir / CURRENT, version.name)
    # The previous version stays one build longer, for readers that are loading it right now.
    remove_old_versions(index_dir, keep={version.name, previous.name if previous else ""})
    return version


def remove_old_versions(index_dir: Path, keep: set[str]) -> None:
    """Delete version folders not in ``keep``, and temporary ones left by a crashed build."""
    for path in index_dir.iterdir():
        if path.is_dir() and path.name not in keep and path.name.startswith(("v-", ".tmp-")):
            shutil.rmtree(path, ignore_errors=True)


def _chunk_row(chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": chunk.doc_id, "start": chunk.start, "end": chunk.end, "section": chunk.section,
        "page": chunk.page, "n_tokens": chunk.n_tokens, "sentences": [list(s) for s in chunk.sentences],
    }


def _write_jsonl(path: Path, rows: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _replace_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-pointer-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()
