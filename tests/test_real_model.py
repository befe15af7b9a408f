"""The slow tier: the real MiniLM weights, the real FAISS index, the shipped seeds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import qa
from qa.answer import settings_for
from qa.embedding import Embedder
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("real") / "index"
    qa.build(SEEDS, index, embedder=qa_embedder("minilm"))
    return index


def qa_embedder(name: str) -> Embedder:
    from qa.embedding import get_embedder

    return get_embedder(name)


def test_readme_snippet_runs_as_written(seeds_index: Path, tmp_path: Path) -> None:
    code = (
        "import qa\n"
        "qa.build('seeds', 'index')\n"
        "engine = qa.open('index')\n"
        "hits = engine.search(\"Which research vessel surveyed Vietnam's continental shelf?\", k=5)\n"
        "assert len(hits) == 5 and hits[0].rank == 1\n"
        "assert hits[0].text == engine.document_text(hits[0].doc_id)[hits[0].start:hits[0].end]\n"
        "print(hits[0].doc_id)\n"
    )
    (tmp_path / "seeds").symlink_to(SEEDS)
    env = {k: v for k, v in __import__("os").environ.items() if k != "QA_EMBEDDER"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith(".txt")


def test_manifest_records_model_hash(seeds_index: Path) -> None:
    engine = qa.open(seeds_index)
    recorded = engine.manifest["embedder"]
    assert recorded["name"] == "minilm" and recorded["dim"] == 384
    assert recorded["weights_sha256"] == engine.embedder.weights_sha256()
    assert len(recorded["weights_sha256"]) == 64


def test_real_embeddings_are_normalised_and_meaningful(seeds_index: Path) -> None:
    engine = qa.open(seeds_index)
    a = engine.embedder.encode_query("the first Vietnamese cosmonaut")
    b = engine.embedder.encode_documents(["Phạm Tuân flew into space on Soyuz 37."])[0]
    c = engine.embedder.encode_documents(["Bilateral trade in oil and gas grew."])[0]
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-4)
    assert float(a @ b) > float(a @ c)


def test_dense_only_search_finds_the_cosmonaut(seeds_index: Path) -> None:
    engine = qa.open(seeds_index)
    hits = engine.search("Who was the first Vietnamese to fly into space?", k=3, lexical_weight=0)
    assert any("Phạm Tuân" in h.text for h in hits)


def test_e5_embedder_builds_and_searches(tmp_path: Path) -> None:
    small = tmp_path / "docs"
    small.mkdir()
    (small / "a.txt").write_text("Космонавт Фам Туан полетел в космос в 1980 году.", encoding="utf-8")
    (small / "b.txt").write_text("Thương mại giữa Việt Nam và Nga tăng mạnh.", encoding="utf-8")
    qa.build(small, tmp_path / "idx", embedder=qa_embedder("e5"))
    engine = qa.open(tmp_path / "idx")
    assert engine.manifest["embedder"]["name"] == "e5"
    assert engine.answer_settings == settings_for("e5")  # its cosines, its threshold
    hits = engine.search("first Vietnamese cosmonaut in space", k=1, lexical_weight=0)
    assert hits[0].doc_id == "a.txt"


def test_app_builds_demo() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import app; print(type(app.demo).__name__)"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("Blocks")


def test_app_start_up_errors_are_one_line_not_a_traceback(seeds_index: Path, tmp_path: Path) -> None:
    import socket

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)

    missing = serve("--index", str(tmp_path / "none"))
    assert missing.returncode == 2 and "error: no index at" in missing.stderr and "Traceback" not in missing.stderr
    with socket.socket() as taken:  # the port another app already serves on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = serve("--index", str(seeds_index), "--port", str(port))
    assert busy.returncode == 2 and f"cannot serve on 127.0.0.1:{port}" in busy.stderr
    assert "Traceback" not in busy.stderr


def test_query_fast_path_equals_batch_encoding(seeds_index: Path) -> None:
    """The traced query graph (built on the first query) against sentence-transformers' own batched
    encode: short, Vietnamese, Russian, and longer than the model's 256-token window."""
    embedder = qa.open(seeds_index).embedder
    texts = ["Which research vessel surveyed Vietnam's continental shelf?", "Phạm Tuân, 1980",
             "Кто был первым вьетнамским космонавтом?", "trade " * 400, "a"]
    batch = embedder.encode_documents(texts)
    for text, row in zip(texts, batch, strict=True):
        assert np.allclose(embedder.encode_query(text), row, atol=1e-5)
    assert embedder._graph not in (None, False)  # the traced path is the one that was checked


def test_warm_up_loads_the_model_before_the_first_question(seeds_index: Path) -> None:
    """The app calls it before serving, so that its first user does not wait 7 s for the model."""
    engine = qa.open(seeds_index, embedder=qa_embedder("minilm"))  # not the process's loaded one
    assert engine.embedder._model is None
    engine.warm_up()
    assert engine.embedder._model is not None and engine.embedder._graph not in (None, False)
    assert engine._multilingual is None  # loaded on the first question that needs it


def test_real_answer_quotes_and_cites_the_vessel(seeds_index: Path) -> None:
    engine = qa.open(seeds_index)
    answer = engine.ask("Which research vessel surveyed Vietnam's continental shelf?")
    assert not answer.refused and "Akademik M. A. Lavrentyev" in answer.text
    for c in answer.citations:
        assert c.quote == engine.document_text(c.doc_id)[c.start:c.end]


@pytest.mark.parametrize("question", ["Who flew with Victor Gorbatko?", "Who flew with Viktor Gorbatco?"])
def test_a_misspelt_name_is_answered_as_spelt_right(seeds_index: Path, question: str) -> None:
    engine = qa.open(seeds_index)
    answer = engine.ask(question)  # had been refused outright: no document holds "Victor" or "Gorbatco"
    assert not answer.refused and answer.resolved_question == "Who flew with Viktor Gorbatko?"
    assert "Phạm Tuân" in answer.text and "Viktor Gorbatko" in answer.citations[0].quote


@pytest.mark.parametrize(("request_", "plain"), [
    ("Tell me about Rosatom", "Rosatom"), ("Can you tell me about Rosatom, please?", "Rosatom?")])
def test_a_request_is_answered_as_what_it_asks(seeds_index: Path, request_: str, plain: str) -> None:
    engine = qa.open(seeds_index)
    answer = engine.ask(request_)  # had been refused: the wrapping pulled the question away from the passage
    assert not answer.refused and "Rosatom helps Vietnam to train nuclear physicists" in answer.text
    assert answer.confidence == engine.ask(plain).confidence


def test_seeds_get_a_multilingual_side_that_answers_russian_and_vietnamese(seeds_index: Path) -> None:
    """The seeds mix English with Russian (003's abstract): the build adds an e5 side by itself, and
    questions in Russian or Vietnamese, which MiniLM cannot read, are answered through it."""
    engine = qa.open(seeds_index)
    assert engine.manifest["multilingual"]["embedder"]["name"] == "e5"
    for question in ("Кто был первым вьетнамским космонавтом?", "Phạm Tuân bay vào vũ trụ năm nào?"):
        answer = engine.ask(question)
        assert not answer.refused and "Phạm Tuân" in answer.text, (question, answer.text)
    scholarships = engine.ask("Nga cấp bao nhiêu học bổng cho sinh viên Việt Nam mỗi năm?")
    assert "1,000 scholarships" in scholarships.text
    assert engine.ask("Who is Phạm Tuân?").citations  # an English question with a Vietnamese name: MiniLM
    # typed without diacritics, as many people type Vietnamese: given them back, then read by e5
    toneless = engine.ask("nha du hanh vu tru dau tien cua Viet Nam la ai")
    assert toneless.resolved_question.startswith("nhà du hành vũ trụ") and "Phạm Tuân" in toneless.text
    assert "1,000 scholarships" in engine.ask("Nga cap bao nhieu hoc bong cho sinh vien Viet Nam moi nam?").text
    # a request in either language is answered as the question it wraps
    cosmonaut = "кто был первым вьетнамским космонавтом?"
    for plain, request in ((cosmonaut.capitalize(), f"Скажите, пожалуйста, {cosmonaut}"),
                           (scholarships.question, f"Cho tôi biết {scholarships.question}")):
        assert engine.ask(request).text == engine.ask(plain).text


def test_cli_adds_and_declines_the_multilingual_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qa.cli import main

    small = tmp_path / "docs"
    small.mkdir()
    (small / "a.txt").write_text("Pham Tuan was the first Vietnamese cosmonaut, in 1980.", encoding="utf-8")
    index = str(tmp_path / "idx")
    assert main(["index", str(small), "--index", index, "--embedder", "minilm", "--multilingual", "--quiet"]) == 0
    assert "1 chunks embedded; multilingual side: e5, 1 chunks embedded" in capsys.readouterr().out
    russian = qa.open(index).search("Кто был первым вьетнамским космонавтом?", k=1)
    assert russian[0].similarity is not None and russian[0].similarity > 0.8  # e5's cosine, not MiniLM's
    assert main(["index", str(small), "--index", index, "--embedder", "minilm", "--no-multilingual", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "0 chunks embedded" in out and "multilingual" not in out
    assert qa.open(index).manifest["multilingual"] is None
