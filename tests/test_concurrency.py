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


def test_an_open_engine_knows_when_its_index_changed_and_the_app_follows(
    seeds_copy: Path, tmp_path: Path, monkeypatch,
) -> None:
    index = tmp_path / "idx"
    qa.build(seeds_copy, index, embedder=HashEmbedder())
    extra = tmp_path / "extra.md"
    extra.write_text("# Extra\n\nThe harbour received 412 ships in 2025.", encoding="utf-8")
    engine = qa.open(index, embedder=HashEmbedder())
    assert engine.is_current()
    qa.add([extra], index, embedder=HashEmbedder())  # as `python -m qa add` in another process
    assert not engine.is_current() and "uploads/extra.md" not in engine.data.documents
    assert qa.open(index, embedder=HashEmbedder()).is_current()

    import app

    monkeypatch.setattr(app, "INDEX", str(index))
    monkeypatch.setattr(app, "_engine", None)
    first = app.engine()
    assert "uploads/extra.md" in first.data.documents and app.engine() is first  # unchanged: not opened again
    qa.remove(["uploads/extra.md"], index)
    second = app.engine()
    assert second is not first and "uploads/extra.md" not in second.data.documents
    (index / "CURRENT").unlink()  # the index gone: the app answers from the version it has open
    assert not second.is_current() and app.engine() is second
