"""The public-benchmark loaders and the --beir/--squad/--clapnq runs, on tiny files in the real formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import beir, clapnq, squad
from evals.__main__ import main
from evals.public import cached_engine

ABSTRACTS = {
    "d1": ("Vitamin D", "Vitamin D deficiency raises the risk of bone fractures in elderly patients."),
    "d2": ("Insulin", "Insulin resistance precedes type 2 diabetes by many years."),
    "d3": ("Malaria", "Artemisinin combination therapy cures uncomplicated malaria."),
    "d4": ("Sleep", "Short sleep duration is associated with obesity in children."),
}


@pytest.fixture
def scifact(tmp_path: Path) -> Path:
    root = tmp_path / "scifact"
    (root / "qrels").mkdir(parents=True)
    (root / "corpus.jsonl").write_text("".join(
        json.dumps({"_id": k, "title": t, "text": x}) + "\n" for k, (t, x) in ABSTRACTS.items()))
    queries = {"q1": "vitamin D deficiency bone fractures", "q2": "artemisinin therapy malaria",
               "q3": "insulin resistance diabetes"}
    (root / "queries.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in queries.items()))
    (root / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\nq3\td2\t1\n")
    return root


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    def para(context: str, question: str, answer: str, qid: str) -> dict:
        return {"context": context, "qas": [{"id": qid, "question": question,
                                             "answers": [{"text": answer, "answer_start": context.index(answer)}]}]}
    data = {"version": "1.1", "data": [
        {"title": "Super_Bowl_50", "paragraphs": [
            para("The Denver Broncos defeated the Carolina Panthers in Super Bowl 50.", "Who won Super Bowl 50?",
                 "Denver Broncos", "s1"),
            para("The game was played at Levi's Stadium in Santa Clara.", "Where was the game played?",
                 "Levi's Stadium", "s2")]},
        {"title": "Warsaw", "paragraphs": [
            para("Warsaw is the capital of Poland and lies on the Vistula river.", "Which river flows through Warsaw?",
                 "Vistula", "s3")]},
    ]}
    path = tmp_path / "dev-v1.1.json"
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def clapnq_dir(tmp_path: Path) -> Path:
    root = tmp_path / "clapnq"
    root.mkdir()
    s1, s2 = "The Nile is the longest river in Africa .", "It flows north into the Mediterranean Sea ."
    nile = {"title": "Nile", "text": f"{s1} {s2} ", "sentences": [s1, s2]}
    tea = {"title": "Tea", "text": "Tea is an aromatic beverage . It is popular in Asia . ",
           "sentences": ["Tea is an aromatic beverage .", "It is popular in Asia ."]}

    def row(qid: str, question: str, passage: dict, answer: str, selected: list[str]) -> str:
        return json.dumps({"id": qid, "input": question, "passages": [passage],
                           "output": [{"answer": answer, "selected_sentences": selected}]}) + "\n"
    (root / "clapnq_dev_answerable.jsonl").write_text(
        row("a1", "where does the nile flow", nile, "North into the Mediterranean.", [s2])
        + row("a2", "what is the longest river in africa", nile, "The Nile.", [s1]))
    (root / "clapnq_dev_unanswerable.jsonl").write_text(row("u1", "who first grew tea in europe", tea, "", []))
    return root


def test_beir_sample_keeps_judged_documents_and_the_first_queries(scifact: Path) -> None:
    docs, qrels = beir.sample(beir.load_corpus(scifact), beir.load_qrels(scifact, "test"), limit=2, pool_per_query=1)
    assert list(qrels) == ["q1", "q2"]
    assert {d.doc_id for d in docs} == {"d1", "d3"}
    docs, _ = beir.sample(beir.load_corpus(scifact), beir.load_qrels(scifact, "test"), limit=1, pool_per_query=3)
    assert [d.doc_id for d in docs] == ["d1", "d2", "d3"]  # judged first, then corpus order


def test_beir_run_scores_and_lists_published_baselines(scifact: Path, tmp_path: Path) -> None:
    assert main(["--beir", str(scifact), "--reports", str(tmp_path / "r"), "--cache", str(tmp_path / "c"),
                 "--quiet", "--fail-under", "bm25.ndcg@10=1"]) == 0
    report = json.loads((tmp_path / "r" / "scifact.json").read_text())
    assert report["overall"]["bm25"] == {"ndcg@10": 1.0, "recall@100": 1.0, "mrr@10": 1.0, "queries": 3}
    assert report["documents"] == 4 and not report["sample"]
    assert "| published: BM25 (bm25s) | 0.687 | 0.913 |" in (tmp_path / "r" / "scifact.md").read_text()


def test_squad_load_pools_every_paragraph_and_spreads_a_sample(squad_file: Path) -> None:
    docs, questions = squad.load(squad_file)
    assert [d.doc_id for d in docs] == ["00/000", "00/001", "01/000"]
    assert docs[0].title == "Super Bowl 50"
    assert questions[2].doc_id == "01/000" and questions[2].answers == ("Vistula",)
    _, sample = squad.load(squad_file, limit=2)
    assert [q.id for q in sample] == ["s1", "s2"] or [q.id for q in sample] == ["s1", "s3"]
    assert len({q.id for q in sample}) == 2


def test_squad_run_finds_gold_paragraphs_and_scores_answers(squad_file: Path, tmp_path: Path) -> None:
    assert main(["--squad", str(squad_file), "--reports", str(tmp_path / "r"), "--cache", str(tmp_path / "c"),
                 "--quiet"]) == 0
    overall = json.loads((tmp_path / "r" / "squad-v1.1-dev.json").read_text())["overall"]
    assert overall["questions"] == 3
    assert overall["retrieval"]["bm25"] == {"recall@1": 1.0, "recall@5": 1.0, "recall@20": 1.0}
    assert overall["answers"]["exact_match"] <= overall["answers"]["contains"]
    assert overall["citations"]["cited_quote_contains_answer"] <= overall["citations"]["cites_gold_paragraph"]


def test_clapnq_load_pools_passages_once_with_sentence_evidence(clapnq_dir: Path) -> None:
    docs, questions = clapnq.load(clapnq_dir)
    assert [d.doc_id for d in docs] == ["p0001", "p0002"]  # the Nile passage pooled once
    by_id = {q.id: q for q in questions}
    assert [e.quote for e in by_id["a1"].evidence] == ["It flows north into the Mediterranean Sea ."]
    assert by_id["a1"].split == "dev" and by_id["a2"].split == "test"
    assert not by_id["u1"].answerable and by_id["u1"].evidence == () and by_id["u1"].kind == "unanswerable"
    text = {d.doc_id: d.text for d in docs}["p0001"]
    assert all(e.quote in text for q in questions for e in q.evidence)


def test_clapnq_run_reports_the_chosen_split(clapnq_dir: Path, tmp_path: Path) -> None:
    assert main(["--clapnq", str(clapnq_dir), "--split", "all", "--reports", str(tmp_path / "r"),
                 "--cache", str(tmp_path / "c"), "--quiet"]) == 0
    report = json.loads((tmp_path / "r" / "clapnq-dev-all.json").read_text())
    assert report["overall"]["questions"] == 3 and report["overall"]["unanswerable"] == 1
    assert report["overall"]["citations"]["validity"] == 1.0
    assert (tmp_path / "r" / "clapnq-dev-all.png").exists()
    assert main(["--clapnq", str(clapnq_dir), "--reports", str(tmp_path / "r"), "--cache", str(tmp_path / "c"),
                 "--quiet"]) == 0
    assert json.loads((tmp_path / "r" / "clapnq-dev-test.json").read_text())["overall"]["questions"] == 1


def test_cached_index_is_reused_when_the_corpus_is_unchanged(scifact: Path, tmp_path: Path) -> None:
    docs = beir.load_corpus(scifact)
    cached_engine("tiny", docs, tmp_path)
    manifest = next((tmp_path / "tiny-hash").rglob("manifest.json"))
    before = manifest.stat().st_mtime_ns
    cached_engine("tiny", docs, tmp_path)
    assert next((tmp_path / "tiny-hash").rglob("manifest.json")).stat().st_mtime_ns == before


@pytest.mark.parametrize("flag", ["--beir", "--squad", "--clapnq"])
def test_missing_benchmark_data_is_a_clear_error(flag: str, tmp_path: Path, capsys) -> None:
    assert main([flag, str(tmp_path / "nowhere"), "--cache", str(tmp_path / "c"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "not found" in err and "Traceback" not in err


def test_limit_must_be_positive(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--squad", str(tmp_path / "x.json"), "--limit", "0"])
    assert exit_info.value.code == 2
    assert "--limit" in capsys.readouterr().err

