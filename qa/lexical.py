"""The lexical index: BM25 from bm25s over folded, stemmed words.

Text is folded first (case and diacritics, see ``folding``), then bm25s tokenizes with its
English stop words, puts British spellings in American (``spelling``) and applies the Snowball
English stemmer (PyStemmer). The same path serves documents and queries, so "Pham Tuan" and "Phạm
Tuân", "Organisation" and "Organization" meet as the same tokens.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from qa.acronyms import Acronyms
from qa.folding import fold
from qa.spelling import american

PARAMS = {"k1": 1.5, "b": 0.75, "method": "lucene", "stemmer": "english", "stopwords": "en"}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer(PARAMS["stemmer"])


def _stem(tokens: list[str]) -> list[str]:
    """What bm25s calls on the distinct words of the texts it tokenizes."""
    return _stemmer().stemWords(american(tokens))


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    folded = [fold(t) for t in texts]
    return bm25s.tokenize(
        folded, stopwords=PARAMS["stopwords"], stemmer=_stem, return_ids=False, show_progress=False
    )


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """One text's words as the index has them (folded, stemmed, no stop words); cached, since answers
    tokenise the same sentences and question words again and again."""
    return tuple(tokenize([text])[0])


class LexicalIndex:
    """BM25 scores for every chunk, in chunk order; ``acronyms``: those the documents define."""

    def __init__(self, model: Any, size: int, acronyms: Acronyms | None = None) -> None:
        self._model = model
        self.size = size
        self.acronyms = acronyms or Acronyms()

    @classmethod
    def build(cls, texts: list[str], acronyms: Acronyms | None = None) -> LexicalIndex:
        import bm25s

        model = bm25s.BM25(k1=PARAMS["k1"], b=PARAMS["b"], method=PARAMS["method"])
        model.index(tokenize(texts), show_progress=False)
        return cls(model, len(texts), acronyms)

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)
        self.acronyms.save(directory)

    @classmethod
    def load(cls, directory: Path, size: int) -> LexicalIndex:
        import bm25s

        model = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(model, size, Acronyms.load(directory))

    def knows(self, word: str) -> bool:
        """Whether some indexed chunk holds ``word`` (folded and stemmed)."""
        return word in self._model.vocab_dict

    def idf(self, words: list[str]) -> list[float]:
        """BM25 (Lucene) idf of each folded, stemmed word over the indexed chunks; unseen words get
        the idf of a word found in no chunk."""
        indptr = self._model.scores["indptr"]
        vocab = self._model.vocab_dict
        n = self.size
        out = []
        for word in words:
            tid = vocab.get(word)
            df = int(indptr[tid + 1] - indptr[tid]) if tid is not None else 0
            out.append(float(np.log(1 + (n - df + 0.5) / (df + 0.5))))
        return out

    def scores(self, query: str, acronym_weight: float = 0.0) -> np.ndarray:
        """BM25 score of every chunk for ``query``, plus ``acronym_weight`` times the score for the
        other forms of the acronyms it names (their words not already in it); zeros when no word is indexed."""
        vocab = self._model.vocab_dict
        words = [w for w in tokenize([query])[0] if w in vocab]
        out = np.zeros(self.size, dtype=np.float32)
        if words:
            out += np.asarray(self._model.get_scores(words), dtype=np.float32)
        forms = self.acronyms.other_forms(query) if acronym_weight > 0 else []
        extra = tokenize([" ".join(forms)])[0] if forms else []
        extra = [w for w in dict.fromkeys(extra) if w in vocab and w not in words]
        if extra:
            out += acronym_weight * np.asarray(self._model.get_scores(extra), dtype=np.float32)
        return out
