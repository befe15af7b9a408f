from __future__ import annotations

import json
from pathlib import Path

from evals.__main__ import main


def run(tmp_path: Path, gold: Path, corpus: Path, *extra: str) -> int:
    return main(["--dataset", str(gold), "--corpus", str(corpus), "--reports", str(tmp_path / "r"),
                 "--cache", str(tmp_path / "c"), "--quiet", *extra])


def test_reports_are_written_with_all_metrics(tmp_path: Path, tiny_gold: tuple[Path, Path], capsys) -> None:
    gold, corpus = tiny_gold
    assert run(tmp_path, gold, corpus) == 0
    report = json.loads((tmp_path / "r" / "gold-all.json").read_text())
    overall = report["overall"]
    assert overall["questions"] == 3 and overall["answerable"] == 2
    assert set(overall["retrieval"]) == {"hybrid", "bm25", "dense"}
    assert overall["citations"]["validity"] == 1.0
    assert set(report["by_kind"]) == {"factoid", "numeric", "unanswerable"}
    assert (tmp_path / "r" / "gold-all.png").read_bytes()[:4] == b"\x89PNG"
    assert "| hybrid |" in (tmp_path / "r" / "gold-all.md").read_text()


def test_fail_under(tmp_path: Path, tiny_gold: tuple[Path, Path], capsys) -> None:
    gold, corpus = tiny_gold
    assert run(tmp_path, gold, corpus, "--fail-under", "citations.validity=1.0") == 0
    assert run(tmp_path, gold, corpus, "--fail-under", "citations.validity=1.01") == 1
    assert "FAIL citations.validity" in capsys.readouterr().err
    assert run(tmp_path, gold, corpus, "--fail-under", "nonsense.metric=1") == 2


def test_fail_above(tmp_path: Path, tiny_gold: tuple[Path, Path], capsys) -> None:
    gold, corpus = tiny_gold
    assert run(tmp_path, gold, corpus, "--fail-above", "answers.median_chars=10000") == 0
    assert run(tmp_path, gold, corpus, "--fail-above", "citations.validity=0.5",
               "--fail-under", "citations.validity=1") == 1
    assert "FAIL citations.validity = 1.0000 > 0.5" in capsys.readouterr().err


def test_bad_dataset_is_a_message(tmp_path: Path, tiny_gold: tuple[Path, Path], capsys) -> None:
    _, corpus = tiny_gold
    assert run(tmp_path, tmp_path / "missing.jsonl", corpus) == 2
    assert f"error: {tmp_path / 'missing.jsonl'}: no such file" in capsys.readouterr().err


def test_a_figure_over_no_questions_is_undefined_not_zero(tmp_path: Path, tiny_gold: tuple[Path, Path], capsys) -> None:
    gold, corpus = tiny_gold
    only_unanswerable = tmp_path / "unanswerable.jsonl"
    only_unanswerable.write_text(gold.read_text(encoding="utf-8").splitlines()[2] + "\n", encoding="utf-8")
    assert run(tmp_path, only_unanswerable, corpus, "--fail-under", "refusal.recall=0") == 0
    overall = json.loads((tmp_path / "r" / "unanswerable-all.json").read_text())["overall"]
    assert overall["answers"]["accuracy"] is None and overall["citations"]["cites_evidence"] is None
    assert overall["refusal"]["answerable_refused"] is None and overall["refusal"]["recall"] in (0.0, 1.0)
    markdown = (tmp_path / "r" / "unanswerable-all.md").read_text()
    assert "| answer accuracy | n/a |" in markdown and "## Retrieval" not in markdown
    assert run(tmp_path, only_unanswerable, corpus, "--fail-under", "answers.accuracy=0.5") == 2
    assert "answers.accuracy is undefined" in capsys.readouterr().err
    # the by-kind table leaves an unanswerable kind's answer figures blank, as its hit@5
    assert run(tmp_path, gold, corpus) == 0
    assert "| unanswerable | 1 |  |  |  |" in (tmp_path / "r" / "gold-all.md").read_text()
