"""The composition root: open an index, search it, read its documents."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from qa import config
from qa.answer import Composer, settings_for
from qa.backmatter import reference_spans
from qa.config import SearchSettings
from qa.embedding import Embedder, get_embedder
from qa.errors import IndexInvalidError, InputError
from qa.followup import resolve
from qa.lexical import tokenize
from qa.questions import content_words
from qa.retrieval import Retriever
from qa.store import IndexData, fix_command, read_index
from qa.types import Answer, Document, Passage, Span

MAX_QUESTION_CHARS = 2000
MAX_K = 1000


class Engine:
    """An opened index. Thread-safe for searching; build a new Engine to see a rebuilt index."""

    def __init__(self, data: IndexData, embedder: Embedder, settings: SearchSettings, index_dir: str) -> None:
        self.data = data
        self.embedder = embedder
        self.settings = settings
        self.index_dir = index_dir
        # one question is embedded once, whether it is searched, answered or both
        self._encode_query = lru_cache(maxsize=512)(embedder.encode_query)
        self._retriever = Retriever(data.chunks, data.vectors, data.dense, data.lexical, self._encode_query)
        self.answer_settings = settings_for(embedder.name)
        self._composer = Composer(
            data.lexical.idf, self._encode_query, lambda texts: embedder.encode_documents(texts),
            document_words=lru_cache(maxsize=4096)(self._document_words),
            references=lru_cache(maxsize=4096)(self._references),
        )

    def _document_words(self, doc_id: str) -> frozenset[str]:
        """A document's words, folded and stemmed as the lexical index has them."""
        return frozenset(tokenize([self.data.documents[doc_id].text])[0])

    def _references(self, doc_id: str) -> tuple[Span, ...]:
        """Where the document's reference lists are: their lines are never quoted as answers."""
        return reference_spans(self.data.documents[doc_id].text)

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
        ``max_per_doc=0`` lifts the per-document cap.
        """
        question = check_question(question)
        k = _count("k", k)
        settings = self.settings
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
        return self._retriever.search(question, k, settings)


    def ask(
        self, question: str, history: Sequence[str | Answer] | None = None, *, passages: int = 6,
        max_sentences: int | None = None,
    ) -> Answer:
        """Answer from the documents' own sentences, each cited, or refuse.

        ``history``: earlier questions (or Answers), oldest first; a follow-up such as "and in
        2018?" is resolved against the last one before searching.
        """
        question = check_question(question, alone=not history)
        settings = self.answer_settings
        if max_sentences is not None:
            settings = replace(settings, max_sentences=_count("max_sentences", max_sentences))
        passages = _count("passages", passages)
        earlier = [h.question if isinstance(h, Answer) else str(h) for h in (history or [])]
        search_question = resolve(question, earlier)
        hits = self.search(search_question, k=passages)
        answer = self._composer.compose(question, search_question, hits, settings)
        documents = self.data.documents
        citations = [replace(c, page=documents[c.doc_id].page_at(c.start)) for c in answer.citations]
        return replace(answer, citations=citations)


def _count(name: str, value: object) -> int:
    """``value`` when it is a whole number of at least 1, else an ``InputError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


def check_question(question: object, *, alone: bool = True) -> str:
    """The question, stripped, or an ``InputError`` saying what is wrong with it. ``alone=False``
    for a question asked after others, which may name nothing itself ("and when?")."""
    if not isinstance(question, str) or not question.strip():
        raise InputError("the question is empty; type a question")
    question = question.strip()
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(
            f"the question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}"
        )
    if alone and not content_words(question):
        raise InputError(
            f"the question {question!r} names nothing to look for, only question words; ask about "
            "something the documents might say (a follow-up such as \"and in 2018?\" needs the "
            "question before it)"
        )
    return question


def open_index(
    index_dir: str | os.PathLike[str] = config.DEFAULT_INDEX, *, embedder: Embedder | None = None,
    settings: SearchSettings = SearchSettings(),
) -> Engine:
    """Load an index built by ``qa.build``; its manifest names the embedder to query it with."""
    data = read_index(index_dir)
    recorded = data.manifest["embedder"]
    embedder = embedder or get_embedder(recorded["name"])
    if (embedder.name, embedder.dim) != (recorded["name"], recorded["dim"]) or (
        embedder.weights_sha256() != recorded["weights_sha256"]
    ):
        raise IndexInvalidError(
            f"the index at {index_dir} was built with embedder {recorded['name']} "
            f"(weights {recorded['weights_sha256'][:12]}), not {embedder.name} "
            f"(weights {embedder.weights_sha256()[:12]}); rebuild with: "
            f"{fix_command(data.manifest, os.fspath(index_dir))}"  # type: ignore[arg-type]
        )
    return Engine(data, embedder, settings, os.fspath(index_dir))
