"""The composition root: open an index, search it, read its documents."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from qa import config
from qa.acronyms import initialisms
from qa.answer import NOTHING_MORE, AnswerSettings, Composer, settings_for
from qa.backmatter import reference_spans
from qa.config import SearchSettings
from qa.diacritics import restore
from qa.embedding import Embedder, shared_embedder
from qa.errors import IndexInvalidError, InputError
from qa.followup import MAX_CHAIN, asks_for_more, leans_on_previous, resolve
from qa.indexer import lexical_manifest
from qa.language import ENGLISH, question_language
from qa.lexical import tokenize, words
from qa.overview import named_document, summary_answer
from qa.questions import asked, content_words
from qa.respell import Names, respell
from qa.retrieval import Retriever
from qa.store import IndexData, current_version, fix_command, read_index
from qa.types import Answer, Citation, Document, Passage, Span
from qa.vectors import DenseIndex

MAX_QUESTION_CHARS = 2000
MAX_K = 1000
# how many passages past the ones asked for ``ask`` may read, in place of passages it cannot quote
UNQUOTABLE_MARGIN = 6


@dataclass(frozen=True)
class _Side:
    """One embedder's way through the index: the embedder, and the retriever and composer that
    embed questions (and candidate sentences) with it."""

    embedder: Embedder
    retriever: Retriever
    composer: Composer


class Engine:
    """An opened index. Thread-safe for searching. It keeps the version it opened; ``is_current``
    says when the index has changed since, and a new Engine (``qa.open``) sees the change.

    An index with a multilingual side (see ``qa.indexer.build``) searches and answers a question
    that is not in English with that side's embedder, loaded on the first such question.
    """

    def __init__(
        self, data: IndexData, embedder: Embedder, settings: SearchSettings, index_dir: str,
        multilingual_embedder: Embedder | None = None,
    ) -> None:
        self.data = data
        self.embedder = embedder
        self.settings = settings
        self.index_dir = index_dir
        self.answer_settings = settings_for(embedder.name)
        side = data.manifest.get("multilingual")
        # for questions answered through the multilingual side
        self.other_language_settings = settings_for(side["embedder"]["name"], other_language=True) if side else None
        self._words = lru_cache(maxsize=4096)(self._document_words)
        self._reference_spans = lru_cache(maxsize=4096)(self._references)
        self._default = self._side(embedder, data.vectors, data.dense)
        self._multilingual: _Side | None = None
        self._multilingual_embedder = multilingual_embedder
        self._lock = threading.Lock()
        self._names: Names | None = None

    def _side(self, embedder: Embedder, vectors: np.ndarray, dense: DenseIndex) -> _Side:
        # one question is embedded once, whether it is searched, answered or both; a request is
        # embedded as what it asks ("Tell me about Rosatom": "Rosatom"), as it is searched by BM25
        encode_query = lru_cache(maxsize=512)(lambda question: embedder.encode_query(asked(question)))
        retriever = Retriever(self.data.chunks, vectors, dense, self.data.lexical, encode_query)
        composer = Composer(
            self.data.lexical.idf, encode_query, lambda texts: embedder.encode_documents(texts),
            document_words=self._words, references=self._reference_spans,
        )
        return _Side(embedder, retriever, composer)

    def _readable(self, question: str) -> tuple[str, _Side]:
        """The question as it is searched, and the side that searches it. Vietnamese typed without
        its diacritics gets them back (``qa.diacritics``) when the index has a multilingual side to
        read it; in a question in the documents' language, a name one letter off the documents'
        spelling is read as they spell it (``qa.respell``)."""
        if self.data.multilingual is not None:
            question = restore(question)
        side = self._side_for(question)
        if side is self._default:
            question = respell(question, self._knows, self._document_names)
        return question, side

    def _knows(self, word: str) -> bool:
        """Whether the index holds every word of ``word`` (folded, stemmed; a stop word is held)."""
        return all(self.data.lexical.knows(w) for w in words(word))

    def _document_names(self) -> Names:
        """The documents' names, read once, on the first question naming a name no chunk holds."""
        if self._names is None:
            self._names = Names.of(d.text for d in self.data.documents.values())
        return self._names

    def _side_for(self, question: str) -> _Side:
        """The multilingual side for a question not in English, when the index has one."""
        if self.data.multilingual is None or question_language(question) == ENGLISH:
            return self._default
        if self._multilingual is not None:  # loaded: no lock on the way of every such question
            return self._multilingual
        with self._lock:
            if self._multilingual is None:
                recorded = self.data.manifest["multilingual"]["embedder"]
                embedder = self._multilingual_embedder or shared_embedder(recorded["name"])
                _check_embedder(embedder, recorded, self.index_dir, self.data.manifest)
                self._multilingual = self._side(embedder, self.data.multilingual.vectors, self.data.multilingual.dense)
            return self._multilingual

    def _document_words(self, doc_id: str) -> frozenset[str]:
        """The names a document mentions: its words, folded and stemmed as the lexical index has
        them, and the acronyms its capitalised runs could be written as ("Free Trade Agreement":
        "fta"), for a question naming an acronym the document spells out."""
        text = self.data.documents[doc_id].text
        own, short = tokenize([text, " ".join(initialisms(text))])
        return frozenset(own) | frozenset(short)

    def _references(self, doc_id: str) -> tuple[Span, ...]:
        """Where the document's reference lists are: their lines are never quoted as answers."""
        return reference_spans(self.data.documents[doc_id])

    def warm_up(self) -> None:
        """Load now what the first question would wait for: the embedding model (6-7 s here, most of
        it importing torch and sentence-transformers), then the language identifier, the list of
        Vietnamese syllables and the sentence-embedding path (0.8 s together). A server calls this
        before it takes questions. The multilingual side still loads on its first question."""
        self.ask("Which passage answers this warm-up question?")

    def is_current(self) -> bool:
        """Whether this engine still holds the index's live version: False once a build, ``qa.add`` or
        ``qa.remove`` (from this process or another) has replaced it; open the index again to see it."""
        live = current_version(Path(self.index_dir))
        return live is not None and live.name == self.data.version

    @property
    def manifest(self) -> dict[str, object]:
        return self.data.manifest

    def documents(self) -> list[Document]:
        """Every indexed document, by doc id."""
        return [self.data.documents[d] for d in sorted(self.data.documents)]

    def document_text(self, doc_id: str) -> str:
        """The stored text of a document: what passages and citations index into."""
        try:
            return self.data.documents[doc_id].text
        except KeyError:
            raise InputError(f"no document {doc_id!r} in the index at {self.index_dir}") from None

    def search(
        self, question: str, k: int = 5, *, max_per_doc: int | None = None,
        dense_weight: float | None = None, lexical_weight: float | None = None,
    ) -> list[Passage]:
        """The ``k`` best passages for ``question``, best first, ranks from 1.

        ``dense_weight=0`` gives plain BM25, ``lexical_weight=0`` plain dense retrieval;
        ``max_per_doc=0`` lifts the per-document cap. A question in another language than the
        documents is searched through the multilingual side, with ``other_language_lexical_weight``.
        """
        question, side = self._readable(check_question(question))
        k = _count("k", k)
        settings = self.settings
        if side is not self._default:
            settings = replace(settings, lexical_weight=settings.other_language_lexical_weight)
        if max_per_doc is not None:
            settings = replace(settings, max_per_doc=max_per_doc)
        if dense_weight is not None:
            settings = replace(settings, dense_weight=dense_weight)
        if lexical_weight is not None:
            settings = replace(settings, lexical_weight=lexical_weight)
        if settings.dense_weight <= 0 and settings.lexical_weight <= 0:
            raise InputError("at least one of dense_weight and lexical_weight must be above 0")
        k = min(k, MAX_K)
        settings = replace(settings, candidates=max(settings.candidates, k))
        return side.retriever.search(question, k, settings)


    def ask(
        self, question: str, history: Sequence[str | Answer] | None = None, *, passages: int = 6,
        max_sentences: int | None = None,
    ) -> Answer:
        """Answer from the documents' own sentences, each cited, or refuse.

        ``history``: earlier questions (or Answers), oldest first; a follow-up such as "and in
        2018?" is resolved against the last one before searching. A request for more ("Tell me
        more", "What else?") is answered as the question before it would be without the sentences
        its answers cited (Answers in ``history`` are taken as given; questions are answered again),
        or with ``NOTHING_MORE`` when no other sentence clears the bar an answer must.
        ``passages``: how many of the best passages that hold a sentence to quote are read (a
        reference list is read past).
        """
        question = check_question(question, alone=not history, answering=True)
        if max_sentences is not None:
            max_sentences = _count("max_sentences", max_sentences)
        passages = _count("passages", passages)
        turns = list(history or [])
        given = self._given(turns, passages, max_sentences) if turns and asks_for_more(question) else []
        return self._answer(question, [_asked(t) for t in turns], passages, max_sentences, given)

    def _given(
        self, turns: list[str | Answer], passages: int, max_sentences: int | None,
    ) -> list[Citation]:
        """What the answers before a request for more cited: the answers to the question it asks
        again and to the requests for more since. An ``Answer`` in the history is what was given;
        a question is answered again (as it was, from the same index)."""
        start = len(turns) - 1
        while start > max(0, len(turns) - MAX_CHAIN) and asks_for_more(_asked(turns[start])):
            start -= 1
        given: list[Citation] = []
        for i in range(start, len(turns)):
            turn = turns[i]
            if not isinstance(turn, Answer):
                earlier = [_asked(t) for t in turns[:i]]
                try:
                    turn = self._answer(check_question(turn, alone=not earlier, answering=True), earlier,
                                        passages, max_sentences, given)
                except InputError:  # a turn that could not be answered gave nothing
                    continue
            given += turn.citations
        return given

    def _answer(
        self, question: str, earlier: list[str], passages: int, max_sentences: int | None,
        given: list[Citation],
    ) -> Answer:
        search_question, side = self._readable(resolve(question, earlier))
        settings = self.answer_settings
        if side is not self._default and self.other_language_settings is not None:
            settings = self.other_language_settings
        if max_sentences is not None:
            settings = replace(settings, max_sentences=max_sentences)
        answer = self._overview(question, search_question, settings, given)
        if answer is None:
            # read past passages with nothing to quote, up to UNQUOTABLE_MARGIN of them
            hits = side.composer.passages_to_read(
                search_question, self.search(search_question, k=passages + UNQUOTABLE_MARGIN), passages, settings
            )
            answer = side.composer.compose(question, search_question, hits, settings, given)
        documents = self.data.documents
        citations = [replace(c, page=documents[c.doc_id].page_at(c.start)) for c in answer.citations]
        return replace(answer, citations=citations)

    def _overview(
        self, question: str, search_question: str, settings: AnswerSettings, given: list[Citation],
    ) -> Answer | None:
        """The answer to a question asking what a named document is about (``qa.overview``): its own
        summary, or for a request for more, the summary's next sentences (nothing more once the
        document's statements run out). None for any other question, or when the document has no
        sentence to quote."""
        document = named_document(search_question, self.data.documents.values())  # unsorted: one must fit
        if document is None:
            return None
        chunks = [c for c in self.data.chunks if c.doc_id == document.doc_id]
        after = max((c.end for c in given if c.doc_id == document.doc_id), default=0)
        answer = summary_answer(question, search_question, document, chunks, settings,
                                self._reference_spans(document.doc_id), after)
        if answer is None and given:
            return Answer(question, NOTHING_MORE, True, [], [], search_question, 0.0)
        return answer


def _asked(turn: str | Answer) -> str:
    """The question of a turn of the history: a question, or the Answer to one."""
    return turn.question if isinstance(turn, Answer) else str(turn)


def _count(name: str, value: object) -> int:
    """``value`` when it is a whole number of at least 1, else an ``InputError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


def check_question(question: object, *, alone: bool = True, answering: bool = False) -> str:
    """The question, stripped, or an ``InputError`` saying what is wrong with it. ``alone=False``
    for a question asked after others, which may name nothing itself ("and when?"). ``answering``
    for a question to answer, not only to search: asked alone, it must not lean on a question before
    it ("and in 2018?"), which would be answered with whatever the documents say of 2018."""
    if not isinstance(question, str) or not question.strip():
        raise InputError("the question is empty; type a question")
    question = question.strip()
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(
            f"the question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}"
        )
    if not any(ch.isalnum() for ch in question):
        raise InputError(f"the question {question!r} has no words in it; type a question in words")
    if alone and answering and asks_for_more(question):
        raise InputError(
            f"the question {question!r} asks for more on an earlier question, and there is none; ask "
            "a question first"
        )
    if alone and not content_words(question):
        raise InputError(
            f"the question {question!r} names nothing to look for, only question words; ask about "
            "something the documents might say (a follow-up such as \"and in 2018?\" needs the "
            "question before it)"
        )
    if alone and answering and leans_on_previous(question):
        raise InputError(
            f"the question {question!r} follows on from an earlier question, and there is none; ask "
            "the whole question (\"What was trade worth in 2018?\"), or ask it after the one it follows"
        )
    return question


def open_index(
    index_dir: str | os.PathLike[str] = config.DEFAULT_INDEX, *, embedder: Embedder | None = None,
    settings: SearchSettings = SearchSettings(), multilingual_embedder: Embedder | None = None,
) -> Engine:
    """Load an index built by ``qa.build``; its manifest names the embedder to query it with (and
    that of its multilingual side, if it has one; ``multilingual_embedder`` replaces it, for tests)."""
    data = read_index(index_dir)
    _check_lexical(data.manifest, os.fspath(index_dir))
    recorded = data.manifest["embedder"]
    embedder = embedder or shared_embedder(recorded["name"])
    _check_embedder(embedder, recorded, os.fspath(index_dir), data.manifest)
    return Engine(data, embedder, settings, os.fspath(index_dir), multilingual_embedder)


def _check_lexical(manifest: dict[str, Any], index_dir: str) -> None:
    """Questions must be split into words as the index's chunks were, or BM25 and the grounding rule
    silently miss the words the index holds under another token (a British spelling, in an index
    built before spellings were unified)."""
    recorded, current = manifest.get("lexical") or {}, lexical_manifest()
    if recorded != current:
        changed = ", ".join(sorted(k for k in current.keys() | recorded.keys() if recorded.get(k) != current.get(k)))
        raise IndexInvalidError(
            f"the index at {index_dir} splits text into words by other rules than this version ({changed}); "
            f"rebuild it (its vectors are kept) with: {fix_command(manifest, index_dir)}"
        )


def _check_embedder(embedder: Embedder, recorded: dict[str, Any], index_dir: str, manifest: dict[str, Any]) -> None:
    if (embedder.name, embedder.dim) != (recorded["name"], recorded["dim"]) or (
        embedder.weights_sha256() != recorded["weights_sha256"]
    ):
        raise IndexInvalidError(
            f"the index at {index_dir} was built with embedder {recorded['name']} "
            f"(weights {recorded['weights_sha256'][:12]}), not {embedder.name} "
            f"(weights {embedder.weights_sha256()[:12]}); rebuild with: "
            f"{fix_command(manifest, index_dir)}"
        )
