"""``python -m benchmarks``: build and search speed, memory, and retrieval quality.

    python -m benchmarks                      # seeds, both embedders, gold hit@5
    python -m benchmarks --scifact ../shared/data/scifact [--split test]

Figures go to stdout and to reports/benchmarks.json. Not a test: nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import qa
from evals import beir
from evals.gold import load_gold
from evals.public import cached_index
from evals.report import summarize
from evals.runner import METHODS, evaluate
from qa.embedding import get_embedder
from qa.language import ENGLISH, question_language

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49] * 1000, 2), "p95_ms": round(cuts[94] * 1000, 2)}


def latency(engine: qa.Engine, questions: list[str]) -> dict[str, float]:
    """Each distinct question searched once, so every query is embedded (no cache hit)."""
    engine.search("warm-up question about nothing in particular", k=5)
    samples = []
    for q in dict.fromkeys(questions):
        t = time.perf_counter()
        engine.search(q, k=5)
        samples.append(time.perf_counter() - t)
    return percentiles(samples)


def cold_open_seconds(index: Path) -> dict[str, float]:
    """qa.open + first search in a new process, timed after torch is imported."""
    code = (
        "import time; t0 = time.perf_counter(); import torch, sentence_transformers; t1 = time.perf_counter()\n"
        f"import qa; e = qa.open({str(index)!r}); e.search('Who was the first Vietnamese cosmonaut?', k=5)\n"
        "print(t1 - t0, time.perf_counter() - t1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    torch_s, rest_s = map(float, out.stdout.split())
    return {"torch_import_s": round(torch_s, 2), "open_and_first_search_s": round(rest_s, 2)}


def warm_start_seconds(index: Path) -> dict[str, float]:
    """As the app starts, in a new process: qa.open and ``warm_up`` (the model loaded ahead), then
    the first question asked, which is what its first user waits for."""
    code = (
        f"import time; t0 = time.perf_counter(); import qa; e = qa.open({str(index)!r}); e.warm_up()\n"
        "t1 = time.perf_counter(); e.ask('Who was the first Vietnamese cosmonaut?')\n"
        "print(t1 - t0, time.perf_counter() - t1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    warm_s, ask_s = map(float, out.stdout.split())
    return {"open_and_warm_up_s": round(warm_s, 2), "first_ask_after_warm_up_s": round(ask_s, 3)}


def ask_latency(index: Path, questions: list[str]) -> dict[str, float]:
    """engine.ask over distinct questions, each asked once, as a running app meets them: on an engine
    of its own (so each question is embedded, none was searched first), where a sentence that an
    earlier question already scored keeps its vector."""
    engine = qa.open(index)
    engine.ask("warm-up question about nothing in particular")
    samples = []
    for q in dict.fromkeys(questions):
        t = time.perf_counter()
        engine.ask(q)
        samples.append(time.perf_counter() - t)
    return percentiles(samples)


def gold_quality(engine: qa.Engine, split: str) -> dict[str, Any]:
    """Retrieval figures of the seeds gold split, from the evaluation harness."""
    questions = [g for g in load_gold() if g.split == split]
    return summarize(evaluate(engine, questions))["retrieval"]


def bench_seeds(embedder_name: str, with_ui: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        t = time.perf_counter()
        report = qa.build(ROOT / "seeds", index, embedder=get_embedder(embedder_name))
        build_s = time.perf_counter() - t
        engine = qa.open(index)
        questions = [g.question for g in load_gold()]
        result: dict[str, Any] = {
            "embedder": embedder_name, "documents": report.documents, "chunks": report.chunks,
            "multilingual_side": report.multilingual,
            "build_s": round(build_s, 2), "chunks_per_s": round(report.chunks / build_s, 1),
        }
        if report.multilingual:  # loaded by the first question not in English, timed apart
            t = time.perf_counter()
            engine.search("Câu hỏi khởi động này không hỏi về điều gì cả", k=5)
            result["multilingual_first_search_s"] = round(time.perf_counter() - t, 2)
            result["questions_not_in_english"] = sum(question_language(q) != ENGLISH for q in questions)
        result |= {
            "search": latency(engine, questions),
            "ask": ask_latency(index, questions),
            "quality_test_split": gold_quality(engine, "test"),
            "quality_dev_split": gold_quality(engine, "dev"),
            "peak_rss_mb": round(peak_mb()),
        }
        if embedder_name == "minilm":
            result["cold_start"] = cold_open_seconds(index) | warm_start_seconds(index)
            if with_ui:
                from benchmarks.concurrent import run

                result["ui_20_clients"] = run(index, questions)
        return result


def bench_beir(root: Path, split: str, cache: Path) -> dict[str, Any]:
    docs = beir.load_corpus(root)
    queries, qrels = beir.load_queries(root), beir.load_qrels(root, split)
    t = time.perf_counter()
    index, report = cached_index(root.name, docs, cache, progress=True)
    build_s = time.perf_counter() - t
    engine = qa.open(index)
    result: dict[str, Any] = {
        "documents": report.documents, "chunks": report.chunks, "rebuilt": report.written,
        "build_s": round(build_s, 1), "chunks_per_s": round(report.embedded_chunks / build_s, 1),
    }
    # timed first: the evaluation below would leave these queries' embeddings cached
    result["search"] = latency(engine, [queries[q] for q in list(qrels)[:100]])
    result.update(beir.score(engine, queries, qrels, METHODS))
    result["peak_rss_mb"] = round(peak_mb())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--scifact", type=Path, help="BEIR SciFact folder, e.g. ../shared/data/scifact")
    parser.add_argument("--split", default="test", help="qrels split to report (tune on train)")
    parser.add_argument("--embedders", default="minilm,e5")
    parser.add_argument("--ui", action="store_true", help="also 20 concurrent clients through the app")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "evals",
                        help="external-corpus indexes, shared with python -m evals")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "benchmarks.json")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    try:
        if args.scifact:
            results["scifact"] = bench_beir(args.scifact, args.split, args.cache)
        else:
            names = args.embedders.split(",")
            for name in names:
                get_embedder(name)  # an unknown name fails now, not after the first benchmark
            results["seeds"] = [bench_seeds(name, with_ui=args.ui) for name in names]
    except FileNotFoundError as exc:
        print(f"error: {exc.filename or exc}: not found (the public data lives in ../shared/data)", file=sys.stderr)
        return 2
    except qa.QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
