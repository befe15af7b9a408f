"""``python -m evals``: score retrieval, answers, citations and refusals on a gold set.

    python -m evals                                   # the seeds gold set, both splits
    python -m evals --split test                      # only the questions never tuned on
    python -m evals --dataset my.jsonl --corpus docs/ # your own questions and documents
    python -m evals --fail-under answers.accuracy=0.85 --fail-under refusal.recall=0.9
    python -m evals --fail-above refusal.answerable_refused=0.05 --fail-above answers.median_chars=400
    python -m evals --beir ../shared/data/scifact      # SciFact nDCG@10 beside published baselines
    python -m evals --squad ../shared/data/squad-v1.1/dev-v1.1.json --limit 500
    python -m evals --clapnq ../shared/data/clapnq     # sentence-level citations and refusals

Writes reports/<name>.json and .md (and a per-kind .png for gold sets); prints the Markdown.
Exits 1 when a --fail-under or --fail-above check fails, 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=None, help="gold JSONL (default: evals/gold/seeds.jsonl)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="the documents the dataset is about")
    parser.add_argument("--split", choices=["all", "dev", "test"], default=None,
                        help="gold sets: default all; ClapNQ: default test (dev is for tuning)")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "evals", help="indexes built here, reused")
    parser.add_argument("--fail-under", action="append", default=[], metavar="METRIC=VALUE",
                        help="exit 1 when METRIC (e.g. answers.accuracy, refusal.recall) is below VALUE")
    parser.add_argument("--fail-above", action="append", default=[], metavar="METRIC=VALUE",
                        help="exit 1 when METRIC (e.g. refusal.answerable_refused) is above VALUE")
    parser.add_argument("--multilingual", action=argparse.BooleanOptionalAction, default=None,
                        help="gold sets: index the corpus with (or without) the multilingual side "
                             "(default: as qa.build decides; see README)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    public = parser.add_mutually_exclusive_group()
    public.add_argument("--beir", type=Path, metavar="DIR", help="a BEIR folder (SciFact): test qrels")
    public.add_argument("--squad", type=Path, metavar="FILE", help="SQuAD v1.1 dev JSON, open-domain")
    public.add_argument("--clapnq", type=Path, metavar="DIR", help="ClapNQ dev folder (default split: test)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="a sample: N questions (SciFact: N queries over a sub-corpus; ClapNQ: N per file)")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit <= 0:
        parser.error("--limit must be a positive number of questions")

    import qa
    from evals.gold import SEEDS_GOLD, load_gold
    from evals.report import by_kind, flatten, summarize, write_reports
    from evals.runner import corpus_engine, evaluate, input_error

    thresholds: list[tuple[str, str, float]] = []
    for flag, items in (("under", args.fail_under), ("above", args.fail_above)):
        for item in items:
            name, _, value = item.partition("=")
            try:
                thresholds.append((flag, name, float(value)))
            except ValueError:
                parser.error(f"--fail-{flag} takes METRIC=VALUE, not {item!r}")
    if args.beir or args.squad or args.clapnq:
        return _public(args, thresholds)
    dataset = args.dataset or SEEDS_GOLD
    args.split = args.split or "all"
    try:
        questions = [q for q in load_gold(dataset) if args.split == "all" or q.split == args.split]
        if not questions:
            raise qa.InputError(f"no questions in {dataset} for split {args.split}")
        engine = corpus_engine(args.corpus, args.cache, progress=not args.quiet, multilingual=args.multilingual)
        results = evaluate(engine, questions, progress=not args.quiet)
    except (qa.QAError, OSError, ValueError) as exc:
        return input_error(exc)
    overall = summarize(results)
    report = {"dataset": str(dataset), "corpus": str(args.corpus), "split": args.split, "overall": overall,
              "by_kind": by_kind(results), "questions": [r.__dict__ for r in results]}
    name = f"{Path(dataset).stem}-{args.split}"
    paths = write_reports(args.reports, name, report)
    print(paths[1].read_text(encoding="utf-8"))
    print("written: " + ", ".join(str(p) for p in paths))
    return _check(flatten(overall), thresholds)


def _public(args: argparse.Namespace, thresholds: list[tuple[str, str, float]]) -> int:
    import qa
    from evals.public import run_beir, run_clapnq, run_squad
    from evals.report import flatten, write_reports

    progress = not args.quiet
    try:
        if args.beir:
            report = run_beir(args.beir, args.cache, limit=args.limit, progress=progress)
        elif args.squad:
            report = run_squad(args.squad, args.cache, limit=args.limit, progress=progress)
        else:
            report = run_clapnq(args.clapnq, args.cache, split=args.split or "test", limit=args.limit,
                                progress=progress)
    except FileNotFoundError as exc:
        print(f"error: {exc.filename or exc}: not found (the public data lives in ../shared/data)", file=sys.stderr)
        return 2
    except (qa.QAError, OSError, ValueError, KeyError) as exc:
        print(f"error: not a readable benchmark folder or file: {exc}", file=sys.stderr)
        return 2
    paths = write_reports(args.reports, report.name, report.data, report.markdown)
    print(report.markdown)
    print("written: " + ", ".join(str(p) for p in paths))
    return _check(flatten(report.data["overall"]), thresholds)


def _check(flat: dict[str, float | None], thresholds: list[tuple[str, str, float]]) -> int:
    failed = []
    for flag, metric, limit in thresholds:
        if metric not in flat:
            print(f"error: unknown metric {metric!r}; choose from {', '.join(sorted(flat))}", file=sys.stderr)
            return 2
        value = flat[metric]
        if value is None:
            print(f"error: {metric} is undefined for these questions (answer figures need answerable questions, "
                  "refusal recall unanswerable ones)", file=sys.stderr)
            return 2
        if flag == "under" and value < limit:
            failed.append(f"{metric} = {value:.4f} < {limit}")
        if flag == "above" and value > limit:
            failed.append(f"{metric} = {value:.4f} > {limit}")
    for line in failed:
        print(f"FAIL {line}", file=sys.stderr)
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
