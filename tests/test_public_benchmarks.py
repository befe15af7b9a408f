"""The slow tier: small samples of the three public benchmarks with the real model, as CI runs them.

Floors sit below the figures measured on these samples (README, "Measured") so that a regression
fails. The data is ../shared/data beside the checkout; a clone without it skips, saying why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.__main__ import main
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / ".cache" / "evals"  # reused between runs while the data is unchanged


@pytest.fixture(autouse=True)
def _real_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QA_EMBEDDER")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"public benchmark data not found at {path}: these samples need ../shared/data beside the "
                    "checkout (see ../shared/data/README.md); nothing else depends on it")
    return path


def run(tmp_path: Path, *args: str) -> dict:
    assert main([*args, "--cache", str(CACHE), "--reports", str(tmp_path), "--quiet"]) == 0
    (report,) = tmp_path.glob("*.json")
    return json.loads(report.read_text())["overall"]


def test_scifact_sample(tmp_path: Path) -> None:
    overall = run(tmp_path, "--beir", str(need(DATA / "scifact")), "--limit", "50")
    assert overall["hybrid"]["ndcg@10"] >= 0.85
    assert overall["hybrid"]["recall@100"] >= 0.95
    assert overall["hybrid"]["ndcg@10"] >= overall["bm25"]["ndcg@10"]


def test_squad_sample(tmp_path: Path) -> None:
    overall = run(tmp_path, "--squad", str(need(DATA / "squad-v1.1" / "dev-v1.1.json")), "--limit", "200")
    assert overall["retrieval"]["hybrid"]["recall@20"] >= 0.95
    assert overall["retrieval"]["hybrid"]["recall@5"] >= 0.9
    assert overall["answers"]["contains"] >= 0.75
    assert overall["answers"]["refused"] <= 0.05
    assert overall["citations"]["cites_gold_paragraph"] >= 0.85


def test_clapnq_sample(tmp_path: Path) -> None:
    overall = run(tmp_path, "--clapnq", str(need(DATA / "clapnq")), "--limit", "100")
    assert overall["questions"] == 100 and overall["unanswerable"] == 50
    assert overall["retrieval"]["hybrid"]["hit@5"] >= 0.95
    assert overall["citations"]["validity"] == 1.0
    assert overall["citations"]["cites_evidence"] >= 0.6
    assert overall["answers"]["f1"] >= 0.35
