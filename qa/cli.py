"""``python -m qa``: thin. Parse, call the library, print. Errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict

from qa import config
from qa.errors import InputError, QAError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description="Answers from your own documents, cited.")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build or update the index of a folder of documents")
    index.add_argument("source", help="folder (or file) of .txt .md .html .pdf .docx documents")
    index.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    index.add_argument("--embedder", choices=["minilm", "e5"], default=None,
                       help="embedding model for a new index (default: minilm, or $QA_EMBEDDER)")
    index.add_argument("--multilingual", action=argparse.BooleanOptionalAction, default=None,
                       help="also embed with multilingual-e5 for questions not in English (default: when at "
                            "least 1%% of the text is another language and the embedder reads English only)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")

    search = commands.add_parser("search", help="the passages that best match a question")
    search.add_argument("question")
    search.add_argument("-k", type=int, default=5, help="how many passages (default: %(default)s)")
    search.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    search.add_argument("--json", action="store_true", help="print JSON")

    ask = commands.add_parser("ask", help="an answer quoted from the documents, every sentence cited")
    ask.add_argument("question")
    ask.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    ask.add_argument("--sentences", type=int, default=None, help="at most this many sentences (default: 3)")
    ask.add_argument("--passages", type=int, default=6,
                     help="choose sentences from this many of the best passages (default: %(default)s)")
    ask.add_argument("--after", action="append", default=[], metavar="QUESTION",
                     help="an earlier question this one follows up, so that \"and in 2018?\" is read against "
                          "it (repeatable, oldest first)")
    ask.add_argument("--json", action="store_true", help="print JSON")

    args = parser.parse_args(argv)
    run = {"index": _index, "ask": _ask, "search": _search}[args.command]
    try:
        code = run(args)
        sys.stdout.flush()  # here, so that a closed pipe is caught below and not at exit
        return code
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other commands do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the index is as it was before", file=sys.stderr)
        return 130


def _index(args: argparse.Namespace) -> int:
    from qa.embedding import get_embedder
    from qa.indexer import build

    embedder = get_embedder(args.embedder) if args.embedder else None
    report = build(args.source, args.index, embedder=embedder, progress=not args.quiet,
                   multilingual=args.multilingual)
    for skipped in report.skipped:
        print(f"warning: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    side = f"; multilingual side: {report.multilingual}" if report.multilingual else ""
    if not report.written:
        print(f"{args.index}: up to date ({report.documents} documents, {report.chunks} chunks{side})")
        return 0
    if report.multilingual:
        side += f", {report.multilingual_embedded} chunks embedded"
    print(
        f"{args.index}: {report.documents} documents, {report.chunks} chunks "
        f"({len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed; "
        f"{report.embedded_chunks} chunks embedded{side}; {report.seconds:.1f} s)"
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    from qa.engine import check_question, open_index

    check_question(args.question)  # before loading anything
    _at_least_one("-k", args.k)
    hits = open_index(args.index).search(args.question, k=args.k)
    if args.json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no passage matches the question")
    for hit in hits:
        where = f", page {hit.page}" if hit.page else ""
        print(f"[{hit.rank}] {hit.title} ({hit.doc_id}{where}, chars {hit.start}-{hit.end}, score {hit.score:.4f})")
        print("    " + " ".join(hit.text.split())[:400])
    return 0


def _ask(args: argparse.Namespace) -> int:
    from qa.engine import check_question, open_index
    from qa.render import answer_text

    check_question(args.question, alone=not args.after, answering=True)
    _at_least_one("--passages", args.passages)
    _at_least_one("--sentences", args.sentences)
    answer = open_index(args.index).ask(
        args.question, history=args.after, passages=args.passages, max_sentences=args.sentences
    )
    if args.json:
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=2))
        return 0
    print(answer_text(answer))
    return 0


def _at_least_one(flag: str, value: int | None) -> None:
    """A count flag is checked before anything loads, and its error names the flag as typed (the
    library's own check names its parameter). None is a flag not given."""
    if value is not None and value <= 0:
        raise InputError(f"{flag} must be at least 1, not {value}")
