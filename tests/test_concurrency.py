"""Readers never see a half-written index while a writer adds and removes documents."""

from __future__ import annotations

import threading
from pathlib import Path

import qa
from qa.embedding import HashEmbedder


def test_questions_during_uploads_never_fail(seeds_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "idx"
    qa.build(seeds_copy, index, embedder=HashEmbedder())
    extra = tmp_path / "extra.md"
    extra.write_text("# Extra\n\nThe harbour received 412 ships in 2025.", encoding="utf-8")
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for _ in range(6):
                qa.add([extra], index, embedder=HashEmbedder())
                qa.remove(["uploads/extra.md"], index)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    def reader() -> None:
        try:
            while not done.is_set():
                engine = qa.open(index, embedder=HashEmbedder())
                hits = engine.search("ships harbour trade", k=3)
                assert hits and all(h.text == engine.document_text(h.doc_id)[h.start:h.end] for h in hits)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert "uploads/extra.md" not in qa.open(index, embedder=HashEmbedder()).data.documents
