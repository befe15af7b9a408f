from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

import qa
from qa import store
from qa.acronyms import Acronyms, find
from qa.config import SearchSettings
from qa.embedding import HashEmbedder
from qa.indexer import build
from qa.lexical import LexicalIndex

DOCS = {
    "union.txt": "Vietnam joined a free trade agreement with the Eurasian Economic Union (EAEU) in 2015.",
    "later.txt": "Under the agreement, EAEU tariffs on Vietnamese rice fell to zero across the EAEU.",
    "other.txt": "The Eurasian steppe is wide. Economic growth in the union of regions slowed.",
    "rice.txt": "Rice is grown in the Mekong delta.",
    "tariffs.txt": "Tariffs rose in 2019.",
}


def corpus(tmp_path: Path, docs: dict[str, str]) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    for name, text in docs.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_definitions_found_and_list_markers_or_single_words_left_out() -> None:
    found = find([
        "Trade with the Eurasian Economic Union (EAEU) grew.",
        "Its aims are (i) trade, (ii) energy and (iii) infrastructure connectivity (iii).",
        "Human embryonic stem cells (hESCs) and the World Trade Organization (WTO) are unrelated.",
        "Liquefied natural gas (LNG) and, later, liquefied natural gas (LNG) again.",
        "A sentence (with an aside) but no acronym.",
    ])
    assert found.definitions == {
        "EAEU": ("Eurasian Economic Union",), "LNG": ("liquefied natural gas",),  # once, whatever its case
        "WTO": ("World Trade Organization",), "hESCs": ("Human embryonic stem cells",),
    }


def test_other_forms_both_ways_and_none_for_an_ambiguous_acronym() -> None:
    a = Acronyms({"EAEU": ("Eurasian Economic Union",), "ASE": ("allele-specific expression",
                  "American Society of Echocardiography"), "LNG": ("liquefied natural gas",)})
    assert a.other_forms("What links Vietnam to the eurasian economic union?") == ["EAEU"]
    assert a.other_forms("Who buys Vietnam's LNG?") == ["liquefied natural gas"]
    assert a.other_forms("How large is the EAEU-Vietnam market?") == ["Eurasian Economic Union"]
    assert a.other_forms("What does ASE measure?") == []  # two definitions
    assert a.other_forms("Is the union economic?") == []  # not the whole long form


def test_the_other_form_scores_at_its_weight() -> None:
    texts = list(DOCS.values())
    index = LexicalIndex.build(texts, Acronyms({"EAEU": ("Eurasian Economic Union",)}))
    question = "How did the Eurasian Economic Union change tariffs on rice?"
    gained = index.scores(question, 0.25) - index.scores(question)
    assert np.allclose(gained, 0.25 * index.scores("EAEU"), atol=1e-6)
    assert gained[1] > 0 and gained[2] == 0  # "later.txt" says EAEU, "other.txt" does not


def test_a_question_naming_the_long_form_finds_the_passage_using_the_acronym(tmp_path: Path) -> None:
    build(corpus(tmp_path, DOCS), tmp_path / "i", embedder=HashEmbedder())
    question = "How did the Eurasian Economic Union change tariffs on rice?"
    bm25 = {"dense_weight": 0.0}
    # at full weight the passage that answers, which says "EAEU", ranks above "other.txt", which
    # shares only the words "eurasian", "economic" and "union" with the question ...
    engine = qa.open(tmp_path / "i", embedder=HashEmbedder(), settings=SearchSettings(acronym_weight=1.0))
    assert [p.doc_id for p in engine.search(question, k=5, **bm25)][:2] == ["union.txt", "later.txt"]
    # ... and below it without the other form
    engine = qa.open(tmp_path / "i", embedder=HashEmbedder(), settings=SearchSettings(acronym_weight=0.0))
    assert [p.doc_id for p in engine.search(question, k=5, **bm25)][:3] == ["other.txt", "union.txt", "later.txt"]


def test_acronyms_are_stored_with_the_lexical_index_and_an_old_index_is_not_re_embedded(tmp_path: Path) -> None:
    root = corpus(tmp_path, DOCS)
    embedder = HashEmbedder()
    first = build(root, tmp_path / "i", embedder=embedder)
    assert store.read_index(tmp_path / "i").lexical.acronyms.definitions == {"EAEU": ("Eurasian Economic Union",)}
    version = store.current_version(tmp_path / "i")
    manifest = json.loads((version / "manifest.json").read_text())
    assert "lexical/acronyms.json" in manifest["files"] and "Schwartz-Hearst" in manifest["lexical"]["acronyms"]
    # an index written before acronyms: same chunks and vectors, only the lexical index is rebuilt
    (version / "lexical" / "acronyms.json").unlink()
    del manifest["lexical"]["acronyms"], manifest["files"]["lexical/acronyms.json"]
    (version / "manifest.json").write_text(json.dumps(manifest))
    assert store.read_index(tmp_path / "i").lexical.acronyms.definitions == {}
    embedder.calls = 0
    again = build(root, tmp_path / "i", embedder=embedder)
    assert again.written and embedder.calls == 0 and again.chunks == first.chunks
    assert store.read_index(tmp_path / "i").lexical.acronyms.definitions == {"EAEU": ("Eurasian Economic Union",)}


def test_finding_acronyms_leaves_the_logging_setup_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # the package calls logging.basicConfig on import, which only acts on a root logger without
    # handlers: import it afresh under one
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    monkeypatch.delitem(sys.modules, "abbreviations.schwartz_hearst", raising=False)
    find(["The Eurasian Economic Union (EAEU) grew."])
    assert root.handlers == [] and root.level == logging.WARNING
