from __future__ import annotations

import json
from pathlib import Path

import qa
from evals.audit import main, unlisted
from evals.gold import Evidence, GoldQuestion

TEXT = "Phạm Tuân flew on Soyuz 37. He was the first Vietnamese cosmonaut. PHẠM TUÂN later led the air force."


def _passage(sentences: tuple[tuple[int, int], ...]) -> qa.Passage:
    return qa.Passage("d.txt", "d", TEXT, 0, len(TEXT), None, 1.0, 1, sentences=sentences)


def test_unlisted_sentences_hold_an_answer_and_overlap_no_evidence() -> None:
    second_at, third_at = TEXT.index("He was"), TEXT.index("PHẠM")
    first, second, third = (0, second_at - 1), (second_at, third_at - 1), (third_at, len(TEXT))
    q = GoldQuestion("a", "Who was the first Vietnamese cosmonaut?", True, ("phạm tuân",),
                     (Evidence("d.txt", "flew on Soyuz"),), "factoid", "dev")
    found = unlisted(q, [_passage((first, second, third)), _passage((third,))], {"d.txt": TEXT})
    # the first sentence overlaps the evidence, the second lacks the answer; the third is listed once,
    # matched without regard to case
    assert [(u.start, u.end, u.text) for u in found] == [(third_at, len(TEXT), TEXT[third_at:])]
    assert found[0].question == "a" and found[0].doc == "d.txt"


def test_cli_prints_pasteable_evidence_and_nothing_once_it_is_listed(
    tmp_path: Path, tiny_gold: tuple[Path, Path], capsys,
) -> None:
    gold, corpus = tiny_gold
    args = ["--dataset", str(gold), "--corpus", str(corpus), "--cache", str(tmp_path / "cache"), "--quiet"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "a1 [test] Who was the first Vietnamese cosmonaut?" in out
    assert "a2" not in out  # its answer sentence is its evidence
    pasted = [json.loads(line) for line in out.splitlines() if line.strip().startswith("{")]
    assert pasted == [{"doc": "space.txt", "quote": "Phạm Tuân flew into space on Soyuz 37 in 1980."}]
    assert "1 sentences hold a gold answer outside the listed evidence, for 1 of 2 answerable questions" in out

    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    rows[0]["evidence"].append(pasted[0])
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert main(args) == 0
    assert "0 sentences hold a gold answer" in capsys.readouterr().out


def test_cli_rejects_a_missing_dataset_and_bad_k(tmp_path: Path, capsys) -> None:
    assert main(["--dataset", str(tmp_path / "none.jsonl"), "--quiet"]) == 2
    assert "no such file" in capsys.readouterr().err
    try:
        main(["--k", "0"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "--k must be a positive number" in capsys.readouterr().err
