from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import qa
from qa.embedding import HashEmbedder

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, _session_cache: Path, tmp_path: Path) -> None:
    """Keep tests away from the user's own caches and index, and off the network."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(_session_cache / "tiktoken"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("QA_EMBEDDER", "hash")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def tiny_gold(tmp_path: Path) -> tuple[Path, Path]:
    """A two-document corpus and its gold JSONL (test split): two answerable questions, one not."""
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "space.txt").write_text(
        "Phạm Tuân flew into space on Soyuz 37 in 1980. He was the first Vietnamese cosmonaut.", encoding="utf-8")
    (corpus / "trade.txt").write_text("Bilateral trade reached 4.5 billion dollars in 2018.", encoding="utf-8")
    rows = [
        {"id": "a1", "question": "Who was the first Vietnamese cosmonaut?", "answerable": True,
         "answers": ["Phạm Tuân"],
         "evidence": [{"doc": "space.txt", "quote": "He was the first Vietnamese cosmonaut."}],
         "kind": "factoid", "split": "test"},
        {"id": "a2", "question": "How much was bilateral trade in 2018?", "answerable": True,
         "answers": ["4.5 billion"], "evidence": [{"doc": "trade.txt", "quote": "4.5 billion dollars in 2018"}],
         "kind": "numeric", "split": "test"},
        {"id": "u1", "question": "What is the boiling point of water?", "answerable": False, "answers": [],
         "evidence": [], "kind": "unanswerable", "split": "test"},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return gold, corpus


@pytest.fixture
def engine(seeds_copy: Path, tmp_path: Path) -> qa.Engine:
    """An engine over a copy of the seeds, indexed with the hash embedder (fast; no model)."""
    qa.build(seeds_copy, tmp_path / "idx", embedder=HashEmbedder())
    return qa.open(tmp_path / "idx", embedder=HashEmbedder())
