import math

import numpy as np

from qa.lexical import LexicalIndex, tokenize


def reference_bm25(docs: list[list[str]], query: list[str], k1: float = 1.5, b: float = 0.75) -> np.ndarray:
    """Lucene (8+) BM25 written out from the formula, as a second implementation: no (k1 + 1)
    factor in the numerator, idf = ln(1 + (N - df + 0.5) / (df + 0.5))."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    scores = np.zeros(n)
    for term in set(query):
        df = sum(term in d for d in docs)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, d in enumerate(docs):
            tf = d.count(term)
            scores[i] += idf * tf / (tf + k1 * (1 - b + b * len(d) / avgdl))
    return scores


CORPUS = [
    "Phạm Tuân was the first Vietnamese cosmonaut.",
    "Trade between Vietnam and Russia grew in 2023.",
    "The research vessel surveyed the continental shelf.",
    "Russia and Vietnam signed agreements on energy and oil.",
]


def test_scores_match_reference_formula() -> None:
    index = LexicalIndex.build(CORPUS)
    docs = tokenize(CORPUS)
    for query in ("vietnam russia trade", "cosmonaut Pham Tuan", "shelf vessels surveyed"):
        expected = reference_bm25(docs, tokenize([query])[0])
        assert np.allclose(index.scores(query), expected, atol=1e-4)


def test_folding_finds_undiacritised_names() -> None:
    index = LexicalIndex.build(CORPUS)
    assert int(np.argmax(index.scores("Pham Tuan"))) == 0
    assert int(np.argmax(index.scores("PHẠM TUÂN"))) == 0


def test_unknown_words_give_zeros(tmp_path) -> None:
    index = LexicalIndex.build(CORPUS)
    assert not index.scores("zebra xylophone").any()
    index.save(tmp_path / "lex")
    again = LexicalIndex.load(tmp_path / "lex", len(CORPUS))
    assert np.allclose(again.scores("energy oil"), index.scores("energy oil"))


def test_british_and_american_spellings_are_one_word() -> None:
    index = LexicalIndex.build([*CORPUS, "The Shanghai Cooperation Organization runs a defense center."])
    assert tokenize(["Organisation defence centres"]) == tokenize(["organization defense centers"])
    for query in ("Shanghai Cooperation Organisation", "defence centre"):
        assert int(np.argmax(index.scores(query))) == len(CORPUS)
