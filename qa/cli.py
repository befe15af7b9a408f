"""``python -m qa``: thin. Parse, call the library, print. Errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from qa import config
from qa.errors import InputError, QAError
from qa.types import Passage

if TYPE_CHECKING:  # the indexer is imported by the commands that build, when they run
    from qa.indexer import BuildReport

_STDIN_HELP = "the question, or - to read questions from standard input, one per line"


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
    search.add_argument("question", help=_STDIN_HELP)
    search.add_argument("-k", type=int, default=5, help="how many passages (default: %(default)s)")
    search.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    search.add_argument("--json", action="store_true", help="print JSON (JSON Lines for questions from stdin)")

    ask = commands.add_parser("ask", help="an answer quoted from the documents, every sentence cited")
    ask.add_argument("question", help=_STDIN_HELP)
    ask.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    ask.add_argument("--sentences", type=int, default=None, help="at most this many sentences (default: 3)")
    ask.add_argument("--passages", type=int, default=6,
                     help="choose sentences from this many of the best passages (default: %(default)s)")
    ask.add_argument("--after", action="append", default=[], metavar="QUESTION",
                     help="an earlier question this one follows up, so that \"and in 2018?\" is read against "
                          "it (repeatable, oldest first)")
    ask.add_argument("--json", action="store_true", help="print JSON (JSON Lines for questions from stdin)")

    add = commands.add_parser("add", help="add or replace single files in an index, as uploads/<name>")
    add.add_argument("files", nargs="+", metavar="FILE", help=".txt .md .html .pdf .docx files")
    add.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    add.add_argument("--quiet", action="store_true", help="no progress bar")

    remove = commands.add_parser("remove", help="remove documents from an index by doc id")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="as `python -m qa documents` lists them")
    remove.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")

    documents = commands.add_parser("documents", help="list the documents an index holds")
    documents.add_argument("--index", default=config.DEFAULT_INDEX, help="index folder (default: %(default)s)")
    documents.add_argument("--json", action="store_true", help="print JSON")

    args = parser.parse_args(argv)
    run = {"index": _index, "ask": _ask, "search": _search, "add": _add, "remove": _remove,
           "documents": _documents}[args.command]
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
    _warn_skipped(report)
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


def _add(args: argparse.Namespace) -> int:
    from qa.indexer import add

    report = add(args.files, args.index, progress=not args.quiet)  # InputError when nothing can be added
    _warn_skipped(report)
    changed = [*(f"added {d}" for d in report.added), *(f"updated {d}" for d in report.updated)]
    if not changed:
        print(f"{args.index}: nothing new, those files are indexed already ({_size(report)})")
        return 0
    print(f"{args.index}: {'; '.join(changed)} ({_many(report.embedded_chunks, 'chunk')} embedded; "
          f"{_size(report)}; {report.seconds:.1f} s)")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from qa.indexer import remove

    report = remove(args.doc_ids, args.index)
    print(f"{args.index}: removed {', '.join(report.removed)} ({_size(report)})")
    return 0


def _warn_skipped(report: BuildReport) -> None:
    for skipped in report.skipped:
        print(f"warning: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)


def _size(report: BuildReport) -> str:
    """What the index holds after a build: "5 documents, 177 chunks"."""
    return f"{_many(report.documents, 'document')}, {_many(report.chunks, 'chunk')}"


def _many(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _documents(args: argparse.Namespace) -> int:
    from qa.store import read_index

    docs = sorted(read_index(args.index).documents.values(), key=lambda d: d.doc_id)
    rows = [{"doc_id": d.doc_id, "title": d.title, "origin": d.origin, "characters": len(d.text),
             "pages": len(d.page_starts) or None, "sha256": d.sha256} for d in docs]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        pages = f", {row['pages']} pages" if row["pages"] else ""
        print(f"{row['doc_id']}\t{row['title']}\t({row['origin']}, {row['characters']:,} characters{pages})")
    return 0


def _search(args: argparse.Namespace) -> int:
    from qa.engine import check_question, open_index

    _at_least_one("-k", args.k)
    if args.question != "-":
        check_question(args.question)  # before loading anything
    engine = open_index(args.index)

    def one(question: str) -> tuple[Any, str]:  # the engine checks the question (InputError)
        hits = engine.search(question, k=args.k)
        rows = [asdict(h) for h in hits]
        return ({"question": question, "hits": rows} if args.question == "-" else rows), _hits_text(hits)

    return _each(args, one)


def _hits_text(hits: list[Passage]) -> str:
    if not hits:
        return "no passage matches the question"
    lines = []
    for hit in hits:
        where = f", page {hit.page}" if hit.page else ""
        lines.append(
            f"[{hit.rank}] {hit.title} ({hit.doc_id}{where}, chars {hit.start}-{hit.end}, score {hit.score:.4f})"
        )
        lines.append("    " + " ".join(hit.text.split())[:400])
    return "\n".join(lines)


def _ask(args: argparse.Namespace) -> int:
    from qa.engine import check_question, open_index
    from qa.render import answer_text

    _at_least_one("--passages", args.passages)
    _at_least_one("--sentences", args.sentences)
    if args.question != "-":
        check_question(args.question, alone=not args.after, answering=True)  # before loading anything
    engine = open_index(args.index)

    def one(question: str) -> tuple[Any, str]:  # the engine checks the question (InputError)
        answer = engine.ask(question, history=args.after, passages=args.passages, max_sentences=args.sentences)
        return asdict(answer), answer_text(answer)

    return _each(args, one)


def _each(args: argparse.Namespace, one: Callable[[str], tuple[Any, str]]) -> int:
    """Run ``one`` on the question given, or on each line of standard input for ``-``, and print what
    it returns: JSON (one object per line from stdin) or text. A question from stdin that cannot be
    asked prints its error and the rest are still asked; the exit code is then 2."""
    if args.question != "-":
        data, text = one(args.question)
        print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)
        return 0
    failed = 0
    for line, question, problem in _stdin_questions():
        if not problem:
            try:
                data, text = one(question)
            except InputError as exc:
                problem = str(exc)
        if problem:
            failed += 1
            print(f"error: line {line}: {problem}", file=sys.stderr)
            data, text = {"question": question, "line": line, "error": problem}, f"error: {problem}"
        if args.json:
            print(json.dumps(data, ensure_ascii=False), flush=True)
        else:
            print(f"Q: {question}\n{text}\n", flush=True)
    return 2 if failed else 0


def _stdin_questions() -> Iterator[tuple[int, str, str]]:
    """(line number, question, what is wrong with it or "") for each line of standard input that is
    not blank. Lines are read as they come, so answers stream out while a script still writes."""
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            question, problem = raw.decode("utf-8").strip(), ""
        except UnicodeDecodeError:
            question, problem = raw.decode("utf-8", errors="replace").strip(), "the line is not UTF-8 text"
        if question:
            yield number, question, problem


def _at_least_one(flag: str, value: int | None) -> None:
    """A count flag is checked before anything loads, and its error names the flag as typed (the
    library's own check names its parameter). None is a flag not given."""
    if value is not None and value <= 0:
        raise InputError(f"{flag} must be at least 1, not {value}")
