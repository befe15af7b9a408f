from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.chunking import chunk_document
from qa.config import ChunkSettings
from qa.sentences import split_sentences
from qa.sources import make_document
from qa.tokens import get_encoding
from tests.conftest import SEEDS


def check_chunks(text: str, cfg: ChunkSettings, slack: int = 2) -> None:
    """``slack``: tokens a window may gain per sentence when a cut falls inside a character that
    tiktoken spells with several byte tokens (the cut moves to the character's start)."""
    doc = make_document("d.txt", text)
    chunks = chunk_document(doc, cfg)
    enc = get_encoding(cfg.encoding)
    for chunk in chunks:
        assert chunk.text == doc.text[chunk.start:chunk.end]
        assert chunk.sentences and chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end
        for a, b in chunk.sentences:
            assert chunk.start <= a < b <= chunk.end
        assert chunk.n_tokens <= cfg.max_tokens
        assert len(enc.encode_ordinary(chunk.text)) <= cfg.max_tokens + slack * len(chunk.sentences)
    # every non-space character lies in some chunk, and chunks advance
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    starts = [c.start for c in chunks]
    assert starts == sorted(set(starts))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_chunks_are_exact_spans(path) -> None:
    check_chunks(path.read_text(encoding="utf-8"), ChunkSettings())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=600), st.integers(4, 60))
def test_random_unicode_chunks_are_exact_spans(text: str, max_tokens: int) -> None:
    check_chunks(text, ChunkSettings(max_tokens=max_tokens, overlap_tokens=max_tokens // 4), slack=8)


def test_overlap_repeats_trailing_sentences() -> None:
    text = " ".join(f"Sentence number {i} says something." for i in range(40))
    chunks = chunk_document(make_document("d.txt", text), ChunkSettings(max_tokens=40, overlap_tokens=10))
    assert len(chunks) > 3
    for prev, nxt in itertools.pairwise(chunks):
        assert nxt.start < prev.end  # overlap
        assert nxt.start in {a for a, _ in prev.sentences}  # begins on a sentence boundary


def test_long_sentence_is_cut_between_characters() -> None:
    text = "Việt Nam và Nga " * 200 + "."
    chunks = chunk_document(make_document("d.txt", text), ChunkSettings(max_tokens=32, overlap_tokens=0))
    assert len(chunks) > 5
    assert "".join(c.text for c in chunks).replace(" ", "") == text.strip().replace(" ", "")


def test_chunks_know_section_and_page() -> None:
    text = "# Intro\nFirst part here.\n\n## Trade\nTrade grew a lot in 2023. It grew again.\n\nPage two text."
    doc = make_document("d.pdf", text, page_starts=(0, text.index("Page two")))
    chunks = chunk_document(doc, ChunkSettings(max_tokens=8, overlap_tokens=0))
    by_text = {c.text: c for c in chunks}
    trade = next(c for t, c in by_text.items() if "grew a lot" in t)
    assert trade.section == "Trade" and trade.page == 1
    last = chunks[-1]
    assert last.page == 2 and last.text.endswith("Page two text.")


def test_sentences_split_headings_and_keep_wrapped_lines() -> None:
    text = "# A heading\nThe first sentence is\nwrapped over lines. The second one.\n- item"
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["# A heading", "The first sentence is\nwrapped over lines.", "The second one.", "- item"]


def test_a_contents_entry_is_not_wrapped_into_the_long_paragraph_after_it() -> None:
    text = (
        "- 6. Challenges\n- 7. Future Outlook & Forecasts\n"
        "during a working trip to Vietnam, the founder of the group disclosed his intent to broaden "
        "cooperation in cybersecurity, pharmaceuticals and health.\n"
        "- A list item that is long enough to be wrapped by the\ntool that wrote it, as PDF text is.\n"
    )
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "- 6. Challenges", "- 7. Future Outlook & Forecasts",
        "during a working trip to Vietnam, the founder of the group disclosed his intent to broaden "
        "cooperation in cybersecurity, pharmaceuticals and health.",
        "- A list item that is long enough to be wrapped by the\ntool that wrote it, as PDF text is.",
    ]


def test_markdown_hard_breaks_continue_the_sentence_but_not_into_a_new_block() -> None:
    text = (
        "Opinions are those of the Valdai  \nDiscussion Club, unless stated.\n"
        "Lead author  \n- a list item  \n• a dotted item\nShort title  \n\nNew Paragraph here."
    )
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "Opinions are those of the Valdai  \nDiscussion Club, unless stated.",
        "Lead author", "- a list item", "• a dotted item", "Short title", "New Paragraph here.",
    ]


def test_windows_line_ends_split_and_wrap_as_unix_ones_do() -> None:
    unix = "# A heading\nThe first sentence is\nwrapped. Of the Valdai  \nDiscussion Club.\n\n- item\n"
    windows = unix.replace("\n", "\r\n")
    assert [windows[a:b].replace("\r\n", "\n") for a, b in split_sentences(windows)] == [
        unix[a:b] for a, b in split_sentences(unix)
    ] == ["# A heading", "The first sentence is\nwrapped.", "Of the Valdai  \nDiscussion Club.", "- item"]


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        chunk_document(make_document("d.txt", "x"), ChunkSettings(max_tokens=10, overlap_tokens=10))
