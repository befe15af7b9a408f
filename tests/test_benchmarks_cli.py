"""``python -m benchmarks`` on bad input: one line on stderr, exit 2, before anything is measured."""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import main


def test_missing_scifact_folder_is_named(tmp_path: Path, capsys) -> None:
    assert main(["--scifact", str(tmp_path / "none"), "--out", str(tmp_path / "b.json")]) == 2
    assert f"error: {tmp_path / 'none' / 'corpus.jsonl'}: not found" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


def test_unknown_embedder_fails_before_any_benchmark(tmp_path: Path, capsys) -> None:
    assert main(["--embedders", "minilm,nosuch", "--out", str(tmp_path / "b.json")]) == 2
    assert "unknown embedder 'nosuch'" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()
