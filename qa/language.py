"""Which language a text is in, to send questions MiniLM cannot read to the multilingual embedder.

all-MiniLM-L6-v2 was trained on English: published XQuAD nDCG@10 is 0.22 for Russian questions and
0.51 for Vietnamese. Language identification is py3langid's (langid.py's naive Bayes model over
byte n-grams, 97 languages, shipped in the package, numpy only): about 0.05 ms a question.

Names are not evidence: "Who is Phạm Tuân?" is an English question about a Vietnamese name, so the
capitalised words after the first are left out before a question is identified. A question is
English unless its remaining words are another language with a probability of at least
``QUESTION_CONFIDENCE`` (a fragment such as "Kaluga?" is not confidently anything, and stays with
the default embedder), or written mostly in another script.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

ENGLISH = "en"
QUESTION_CONFIDENCE = 0.5
# A corpus gets the multilingual side when this share of its chunks is confidently another language.
CHUNK_CONFIDENCE = 0.9
CORPUS_SHARE = 0.01
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the most likely language of ``text``."""
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def without_names(question: str) -> str:
    """The question less its capitalised words after the first, when two words or more remain.

    >>> without_names("Who is Phạm Tuân?"), without_names("Phạm Tuân bay vào vũ trụ năm nào?")
    ('Who is', 'Phạm bay vào vũ trụ năm nào?')
    >>> without_names("Vietsovpetro")
    'Vietsovpetro'
    """
    words = _WORD.findall(question)
    kept = words[:1] + [w for w in words[1:] if not w[:1].isupper()]
    return " ".join(kept) if len(kept) >= 2 else question


@lru_cache(maxsize=1024)
def question_language(question: str) -> str:
    """The question's language code, or ``ENGLISH`` when no other language is likely enough. A
    question written mostly in another script than Latin is never English, however its
    probability splits between, say, Russian and Serbian.

    >>> question_language("Кто был первым вьетнамским космонавтом?"), question_language("Who is Phạm Tuân?")
    ('ru', 'en')
    >>> question_language("Когда Владимир Путин посетил Вьетнам?") != "en"
    True
    """
    text = without_names(question)
    language, probability = identify(text)
    if _mostly_other_script(text):
        return language if language != ENGLISH else "und"
    return language if probability >= QUESTION_CONFIDENCE else ENGLISH


def _mostly_other_script(text: str) -> bool:
    """Whether most letters of ``text`` are not Latin (Cyrillic, Chinese, Arabic, ...)."""
    letters = [ch for ch in text if ch.isalpha()]
    other = sum("LATIN" not in unicodedata.name(ch, "LATIN") for ch in letters)
    return bool(letters) and other > len(letters) / 2


def foreign_share(texts: Sequence[str]) -> float:
    """The share of ``texts`` confidently identified as a language other than English."""
    if not texts:
        return 0.0
    foreign = 0
    for text in texts:
        language, probability = identify(text)
        foreign += language != ENGLISH and probability >= CHUNK_CONFIDENCE
    return foreign / len(texts)
