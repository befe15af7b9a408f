from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
