"""The multilingual side: chunks embedded a second time for questions not in English."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import qa
from qa import store
from qa.chunking import chunk_document
from qa.config import SearchSettings
from qa.embedding import EMBEDDERS, HashEmbedder
from qa.errors import IndexInvalidError
from qa.folding import fold_words
from qa.indexer import _multilingual_embedder, build
from qa.language import foreign_share, question_language
from qa.retrieval import Retriever
from qa.sources import make_document

RUSSIAN = {"кто": "who", "был": "was", "первым": "first", "вьетнамским": "vietnamese", "космонавтом": "cosmonaut",
           "торговля": "trade"}


class Translit(HashEmbedder):
    """A stand-in for a multilingual model: reads a few Russian words as their English ones."""

    name = "translit"

    def __init__(self, dim: int = 256) -> None:
        super().__init__(dim)
        self.queries = 0

    def weights_sha256(self) -> str:
        return f"translit-{self.dim}"

    def _vector(self, text: str) -> np.ndarray:
        return super()._vector(" ".join(RUSSIAN.get(w, w) for w in fold_words(text)))

    def encode_query(self, text: str) -> np.ndarray:
        self.queries += 1
        return super().encode_query(text)


class EnglishOnly(HashEmbedder):
    name = "minilm"


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "space.txt").write_text(
        "Pham Tuan was the first Vietnamese cosmonaut, flying with Viktor Gorbatko in 1980.\n", encoding="utf-8")
    (folder / "trade.txt").write_text(
        "Bilateral trade between Vietnam and Russia reached $4.5 billion in 2018.\n", encoding="utf-8")
    return folder


def test_side_is_stored_reused_kept_by_uploads_and_dropped_on_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(EMBEDDERS, "translit", Translit)  # so that an upload finds the side's embedder by name
    docs, index = corpus(tmp_path), tmp_path / "idx"
    side = Translit()
    report = build(docs, index, embedder=HashEmbedder(), multilingual=side)
    assert report.multilingual == "translit" and report.multilingual_embedded == report.chunks == side.calls
    manifest = json.loads((store.current_version(index) / "manifest.json").read_text())
    assert manifest["multilingual"]["embedder"]["name"] == "translit"
    assert {"vectors-multilingual.npy", "dense-multilingual.faiss"} <= set(manifest["files"])
    data = store.read_index(index)
    assert data.multilingual is not None and data.multilingual.vectors.shape == (len(data.chunks), 256)
    assert np.allclose(data.multilingual.vectors[0], side.encode_documents([data.chunks[0].title + "\n"
                                                                             + data.chunks[0].text])[0])

    (docs / "more.txt").write_text("Tourism between the two countries grew fast.\n", encoding="utf-8")
    side.calls = 0
    again = build(docs, index, embedder=HashEmbedder(), multilingual=side)
    assert again.added == ("more.txt",) and side.calls == again.multilingual_embedded == 1  # only the new one

    upload = tmp_path / "note.txt"
    upload.write_text("A note on the 2019 trade figures.\n", encoding="utf-8")
    qa.add([upload], index, embedder=HashEmbedder())  # an upload keeps the index's side...
    kept = store.read_index(index)
    assert kept.multilingual is not None and len(kept.multilingual.vectors) == len(kept.chunks)

    dropped = build(docs, index, embedder=HashEmbedder(), multilingual=False)  # ...until it is declined
    assert dropped.written and dropped.embedded_chunks == 0 and dropped.multilingual == ""
    assert store.read_index(index).multilingual is None


def test_question_not_in_english_goes_through_the_side(tmp_path: Path) -> None:
    docs, index = corpus(tmp_path), tmp_path / "idx"
    build(docs, index, embedder=HashEmbedder(), multilingual=Translit())
    side = Translit()
    engine = qa.open(index, embedder=HashEmbedder(), multilingual_embedder=side)
    engine.answer_settings = replace(engine.answer_settings, min_score=0.0)

    english = engine.ask("Who was the first Vietnamese cosmonaut?")
    assert side.queries == 0 and english.citations[0].doc_id == "space.txt"  # English stays on the default side

    russian = "Кто был первым вьетнамским космонавтом?"
    assert question_language(russian) == "ru"
    assert engine.search(russian, k=1)[0].doc_id == "space.txt" and side.queries == 1
    answer = engine.ask(russian)
    assert not answer.refused and answer.citations[0].doc_id == "space.txt"
    assert answer.citations[0].quote.startswith("Pham Tuan was the first Vietnamese cosmonaut")

    # without the side the same question finds nothing to go on: no shared word, no shared vector
    plain_index = tmp_path / "plain"
    build(docs, plain_index, embedder=HashEmbedder(), multilingual=False)
    plain = qa.open(plain_index, embedder=HashEmbedder())
    assert all(p.score == 0 for p in plain.search(russian, k=2))


def test_a_question_not_in_english_is_searched_with_its_own_lexical_weight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs, index = corpus(tmp_path), tmp_path / "idx"
    build(docs, index, embedder=HashEmbedder(), multilingual=Translit())
    settings = SearchSettings(lexical_weight=0.4, other_language_lexical_weight=0.1)
    engine = qa.open(index, embedder=HashEmbedder(), multilingual_embedder=Translit(), settings=settings)
    used: list[float] = []
    original = Retriever.search

    def spy(self: Retriever, question: str, k: int, s: SearchSettings) -> list[qa.Passage]:
        used.append(s.lexical_weight)
        return original(self, question, k, s)

    monkeypatch.setattr(Retriever, "search", spy)
    engine.search("Who was the first Vietnamese cosmonaut?")
    engine.search("Кто был первым вьетнамским космонавтом?")
    engine.search("Кто был первым вьетнамским космонавтом?", lexical_weight=0.3)  # asked for: kept
    assert used == [0.4, 0.1, 0.3]


def test_side_built_with_other_weights_is_refused_with_the_fix(tmp_path: Path) -> None:
    index = tmp_path / "idx"
    build(corpus(tmp_path), index, embedder=HashEmbedder(), multilingual=Translit())
    engine = qa.open(index, embedder=HashEmbedder(), multilingual_embedder=Translit(dim=128))
    assert engine.search("Who was the first cosmonaut?", k=1)  # English questions are unaffected
    with pytest.raises(IndexInvalidError, match="python -m qa index"):
        engine.search("Кто был первым вьетнамским космонавтом?", k=1)


def test_a_side_is_added_only_for_an_english_only_model_over_text_in_other_languages() -> None:
    english = chunk_document(make_document("en.txt", "Trade between Vietnam and Russia grew in 2018. " * 20))
    mixed = english + chunk_document(make_document("ru.txt", (
        "Вьетнамско-российские отношения в новую эпоху: пример расширения сотрудничества формата Юг—Юг "
        "в меняющемся мире. В данной статье анализируется стратегическая модель сотрудничества.")))
    assert foreign_share([c.text for c in english]) == 0.0
    assert foreign_share([c.text for c in mixed]) > 0
    assert _multilingual_embedder(None, EnglishOnly(), None, english, decide=True) is None
    side = _multilingual_embedder(None, EnglishOnly(), None, mixed, decide=True)
    assert side is not None and side.name == "e5"
    assert _multilingual_embedder(None, HashEmbedder(), None, mixed, decide=True) is None  # not English-only
    assert _multilingual_embedder(False, EnglishOnly(), None, mixed, decide=True) is None
    forced = _multilingual_embedder(True, EnglishOnly(), None, english, decide=True)
    assert forced is not None and forced.name == "e5"
