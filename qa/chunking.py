"""Document -> Chunks: token-sized with tiktoken, cut at sentence boundaries, with overlap.

Chunks are packed from whole sentences up to ``max_tokens``; the next chunk starts with the
last sentences of the previous one, up to ``overlap_tokens``. A sentence longer than a chunk is
cut at token boundaries, using ``decode_with_offsets`` so that a cut never splits a character.
Chunk text is always sliced out of the document by offsets, never decoded from tokens.
"""

from __future__ import annotations

from qa.config import ChunkSettings
from qa.sentences import split_sentences
from qa.tokens import get_encoding
from qa.types import Chunk, Document, Span


def chunk_document(doc: Document, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    if settings.max_tokens <= 0 or not 0 <= settings.overlap_tokens < settings.max_tokens:
        raise ValueError("need max_tokens > 0 and 0 <= overlap_tokens < max_tokens")
    enc = get_encoding(settings.encoding)
    units: list[tuple[Span, int]] = []
    for span in split_sentences(doc.text):
        units.extend(_fit(doc.text, span, settings.max_tokens, enc))
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j][1] <= settings.max_tokens):
            total += units[j][1]
            j += 1
        chunks.append(_make_chunk(doc, units[i:j], total))
        if j == len(units):
            break
        # step back over trailing sentences for overlap, but always move forward
        k, back = j, 0
        while k - 1 > i and back + units[k - 1][1] <= settings.overlap_tokens:
            k -= 1
            back += units[k][1]
        i = k
    return chunks


def _make_chunk(doc: Document, units: list[tuple[Span, int]], n_tokens: int) -> Chunk:
    start, end = units[0][0][0], units[-1][0][1]
    return Chunk(
        doc_id=doc.doc_id, start=start, end=end, text=doc.text[start:end], title=doc.title,
        section=doc.heading_at(start), page=doc.page_at(start), n_tokens=n_tokens,
        sentences=tuple(span for span, _ in units),
    )


def _fit(text: str, span: Span, max_tokens: int, enc: object) -> list[tuple[Span, int]]:
    """One sentence as (span, tokens), or several token windows if it is too long."""
    tokens = enc.encode_ordinary(text[span[0]:span[1]])  # type: ignore[attr-defined]
    if len(tokens) <= max_tokens:
        return [(span, len(tokens))]
    _, offsets = enc.decode_with_offsets(tokens)  # type: ignore[attr-defined]
    pieces: list[tuple[Span, int]] = []
    for first in range(0, len(tokens), max_tokens):
        last = min(first + max_tokens, len(tokens))
        a = span[0] + offsets[first]
        b = span[0] + offsets[last] if last < len(tokens) else span[1]
        if b > a:
            pieces.append(((a, b), last - first))
    return pieces
