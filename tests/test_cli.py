from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_then_search_json(capsys, seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    code, out, err = run(capsys, "index", str(seeds_copy), "--index", str(tmp_path / "i"), "--quiet")
    assert code == 0 and "5 documents" in out
    assert "warning: skipped" in err and "broken.pdf" in err and "Traceback" not in err
    code, out, _ = run(capsys, "search", "Phạm Tuân Soyuz", "-k", "2", "--index", str(tmp_path / "i"), "--json")
    rows = json.loads(out)
    assert code == 0 and [r["rank"] for r in rows] == [1, 2]
    assert {"doc_id", "title", "text", "start", "end", "page", "score"} <= set(rows[0])
    code, out, _ = run(capsys, "index", str(seeds_copy), "--index", str(tmp_path / "i"), "--quiet")
    assert "up to date" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["index", "no/such/folder"], "no such file or folder"),
        (["search", "   "], "question is empty"),
        (["search", "trade", "-k", "0"], "-k must be at least 1"),
        (["ask", "and when?"], "names nothing to look for"),
        (["ask", "And in 2018?"], "follows on from an earlier question"),
        (["ask", "trade", "--sentences", "0"], "--sentences must be at least 1, not 0"),
        (["ask", "trade", "--passages", "-2"], "--passages must be at least 1, not -2"),
        (["search", "trade", "--index", "missing-index"], "no index at missing-index"),
    ],
)
def test_clear_errors_without_traceback(capsys, argv: list[str], message: str) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_empty_folder(capsys, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "index", str(tmp_path / "empty"))
    assert code == 2 and "no documents to index" in err


def test_ask_prints_cited_answer_and_json(capsys, seeds_copy: Path, tmp_path: Path) -> None:
    run(capsys, "index", str(seeds_copy), "--index", str(tmp_path / "i"), "--quiet")
    question = "Which research vessel surveyed the continental shelf?"
    code, out, _ = run(capsys, "ask", question, "--index", str(tmp_path / "i"))
    assert code == 0 and "[1]" in out and "000_93c33c8fd0791c1c.txt" in out
    code, out, _ = run(capsys, "ask", "Which research vessel surveyed the continental shelf?",
                       "--index", str(tmp_path / "i"), "--json")
    data = json.loads(out)
    assert data["refused"] is False and data["citations"][0]["marker"] == 1
    code, _, err = run(capsys, "ask", "  ", "--index", str(tmp_path / "i"))
    assert code == 2 and "question is empty" in err
    # --passages: sentences are chosen from the best n passages, and the answer lists what it read
    code, out, _ = run(capsys, "ask", question, "--passages", "1", "--index", str(tmp_path / "i"), "--json")
    read = json.loads(out)["passages"]
    assert code == 0 and [p["rank"] for p in read] == [1]


def test_ask_after_an_earlier_question_reads_the_follow_up_against_it(capsys, seeds_copy: Path, tmp_path: Path) -> None:
    run(capsys, "index", str(seeds_copy), "--index", str(tmp_path / "i"), "--quiet")
    code, out, _ = run(capsys, "ask", "And in 2018?", "--after", "What was two-way trade worth in 2000?",
                       "--index", str(tmp_path / "i"))
    assert code == 0 and out.startswith("(read as: What was two-way trade worth in 2018?)")
    code, out, _ = run(capsys, "ask", "And when?", "--after", "Who was the first Vietnamese cosmonaut?",
                       "--index", str(tmp_path / "i"), "--json")
    assert code == 0 and json.loads(out)["resolved_question"].startswith("Who was the first Vietnamese cosmonaut")


def test_a_reader_that_goes_away_gets_no_traceback(seeds_copy: Path, tmp_path: Path) -> None:
    """`python -m qa search ... | head -1`: the pipe closes before the output is written."""
    import os
    import subprocess
    import sys

    assert main(["index", str(seeds_copy), "--index", str(tmp_path / "i"), "--quiet"]) == 0
    read, write = os.pipe()
    os.close(read)  # nobody will read
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "qa", "search", "trade", "-k", "20", "--json", "--index", str(tmp_path / "i")],
        stdout=write, stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    os.close(write)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr


def test_questions_from_stdin_are_each_answered_and_a_bad_line_does_not_stop_the_rest(
    capsys, monkeypatch, seeds_copy: Path, tmp_path: Path
) -> None:
    """`python -m qa ask - --json < questions.txt`: one model load for many questions, JSON Lines out."""
    import io

    run(capsys, "index", str(seeds_copy), "--index", str(tmp_path / "i"), "--quiet")
    vessel = "Which research vessel surveyed the continental shelf?"
    _, alone, _ = run(capsys, "ask", vessel, "--index", str(tmp_path / "i"), "--json")
    lines = f"{vessel}\n\n   \nand when?\r\nWhat is the capital of Peru?\n".encode() + b"\xff\xfe?\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines)))
    code, out, err = run(capsys, "ask", "-", "--index", str(tmp_path / "i"), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and len(rows) == 4  # blank lines are skipped, bad ones reported in place
    assert rows[0] == json.loads(alone)  # the same answer as asked alone
    assert rows[1]["line"] == 4 and "names nothing to look for" in rows[1]["error"]
    assert rows[2]["question"] == "What is the capital of Peru?" and rows[2]["refused"] is True
    assert rows[3]["line"] == 6 and rows[3]["error"] == "the line is not UTF-8 text"
    assert "error: line 4:" in err and "error: line 6:" in err and "Traceback" not in err

    alone = [run(capsys, "search", q, "-k", "1", "--index", str(tmp_path / "i"))[1] for q in ("Soyuz", "Kaluga")]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Soyuz\nKaluga\n")))
    code, out, _ = run(capsys, "search", "-", "-k", "1", "--index", str(tmp_path / "i"))
    assert code == 0 and out == f"Q: Soyuz\n{alone[0]}\nQ: Kaluga\n{alone[1]}\n"


def test_add_list_and_remove_single_files(capsys, seeds_copy: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "i")
    run(capsys, "index", str(seeds_copy), "--index", index, "--quiet")
    metro, empty, binary = tmp_path / "metro.txt", tmp_path / "empty.md", tmp_path / "tool.exe"
    metro.write_text("The Hanoi Metro Line 3 opened in August 2024 between Nhon and Hanoi station.", encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    binary.write_bytes(b"MZ\x90")
    code, out, err = run(capsys, "add", str(metro), str(empty), str(binary), "--index", index, "--quiet")
    assert code == 0 and "added uploads/metro.txt (1 chunk embedded; 6 documents" in out
    assert "skipped empty.md: it is empty" in err and "skipped tool.exe: unsupported type" in err
    code, out, _ = run(capsys, "search", "Hanoi Metro Line 3", "-k", "1", "--index", index, "--json")
    assert json.loads(out)[0]["doc_id"] == "uploads/metro.txt"  # searchable at once
    code, out, _ = run(capsys, "add", str(metro), "--index", index, "--quiet")
    assert code == 0 and "nothing new" in out

    code, out, _ = run(capsys, "documents", "--index", index, "--json")
    rows = {r["doc_id"]: r for r in json.loads(out)}
    assert code == 0 and len(rows) == 6 and rows["uploads/metro.txt"]["origin"] == "upload"
    assert rows["uploads/metro.txt"]["characters"] == len(metro.read_text(encoding="utf-8"))
    assert rows["000_93c33c8fd0791c1c.txt"]["origin"] == "files"
    code, out, _ = run(capsys, "documents", "--index", index)
    assert code == 0 and "uploads/metro.txt\tThe Hanoi Metro Line 3" in out and "(upload, 76 characters)" in out

    # nothing that cannot be added or removed changes the index
    for argv, message in ((["add", str(empty)], "nothing to add (empty.md: it is empty)"),
                          (["remove", "uploads/metro.txt", "nothere.txt"], "not in the index: nothere.txt")):
        code, _, err = run(capsys, *argv, "--index", index)
        assert code == 2 and message in err and "Traceback" not in err
    assert len(json.loads(run(capsys, "documents", "--index", index, "--json")[1])) == 6
    code, out, _ = run(capsys, "remove", "uploads/metro.txt", "--index", index)
    assert code == 0 and "removed uploads/metro.txt (5 documents" in out
    code, out, _ = run(capsys, "search", "Hanoi Metro Line 3", "-k", "5", "--index", index, "--json")
    assert all(r["doc_id"] != "uploads/metro.txt" for r in json.loads(out))
    code, _, err = run(capsys, "documents", "--index", str(tmp_path / "none"))
    assert code == 2 and "no index at" in err
