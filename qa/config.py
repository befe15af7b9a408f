"""Settings, and the only module that reads environment variables.

Every knob that changes what is stored in an index lives in ``ChunkSettings`` and is recorded in
the manifest; search-time knobs live in ``SearchSettings``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_INDEX = "index"
DEFAULT_EMBEDDER = "minilm"


@dataclass(frozen=True)
class ChunkSettings:
    """Chunk sizes in tiktoken tokens (``encoding``); chosen by measurement (see README)."""

    encoding: str = "cl100k_base"
    max_tokens: int = 160
    overlap_tokens: int = 40


@dataclass(frozen=True)
class SearchSettings:
    """Hybrid search knobs. RRF: score = sum over lists of weight / (rrf_k + rank)."""

    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    rrf_k: int = 60
    candidates: int = 100
    max_per_doc: int = 3


def embedder_name() -> str:
    """The embedder to build new indexes with (``QA_EMBEDDER``: minilm or e5)."""
    return os.environ.get("QA_EMBEDDER", DEFAULT_EMBEDDER)


def go_offline() -> None:
    """Forbid model-hub downloads for everything this process loads afterwards."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # model loading prints progress bars and length warnings that mean nothing to a user
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def tiktoken_cache_dir() -> str:
    """Where tiktoken's encodings are seeded: ``TIKTOKEN_CACHE_DIR`` or a per-user cache."""
    explicit = os.environ.get("TIKTOKEN_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "qa", "tiktoken")


def set_tiktoken_cache_dir(path: str) -> None:
    os.environ["TIKTOKEN_CACHE_DIR"] = path
