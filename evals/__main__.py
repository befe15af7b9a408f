"""``python -m evals``: score retrieval, answers, citations and refusals on a gold set.

    python -m evals                                   # the seeds gold set, both splits
    python -m evals --split test                      # only the questions never tuned on
    python -m evals --dataset my.jsonl --corpus docs/ # your own questions and documents
    python -m evals --fail-under answers.accuracy=0.85 --fail-under refusal.recall=0.9

Writes reports/<name>.json, .md and .png; prints the Markdown. Exits 1 when a --fail-under fails.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=None, help="gold JSONL (default: evals/gold/seeds.jsonl)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="the documents the dataset is about")
    parser.add_argument("--split", choices=["all", "dev", "test"], default="all")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "evals", help="indexes built here, reused")
    parser.add_argument("--fail-under", action="append", default=[], metavar="METRIC=VALUE",
                        help="exit 1 when METRIC (e.g. answers.accuracy, refusal.recall) is below VALUE")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)

    import qa
    from evals.gold import SEEDS_GOLD, load_gold
    from evals.report import by_kind, flatten, summarize, write_reports
    from evals.runner import evaluate

    thresholds = {}
    for item in args.fail_under:
        name, _, value = item.partition("=")
        try:
            thresholds[name] = float(value)
        except ValueError:
            parser.error(f"--fail-under takes METRIC=VALUE, not {item!r}")
    dataset = args.dataset or SEEDS_GOLD
    try:
        questions = [q for q in load_gold(dataset) if args.split == "all" or q.split == args.split]
        if not questions:
            raise qa.InputError(f"no questions in {dataset} for split {args.split}")
        index = args.cache / hashlib.sha256(str(args.corpus.resolve()).encode()).hexdigest()[:12]
        qa.build(args.corpus, index, progress=not args.quiet)
        engine = qa.open(index)
        results = evaluate(engine, questions, progress=not args.quiet)
    except (qa.QAError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    overall = summarize(results)
    report = {"dataset": str(dataset), "corpus": str(args.corpus), "split": args.split, "overall": overall,
              "by_kind": by_kind(results), "questions": [r.__dict__ for r in results]}
    name = f"{Path(dataset).stem}-{args.split}"
    paths = write_reports(args.reports, name, report)
    print(paths[1].read_text(encoding="utf-8"))
    print("written: " + ", ".join(str(p) for p in paths))
    flat = flatten(overall)
    failed = []
    for metric, floor in thresholds.items():
        if metric not in flat:
            print(f"error: unknown metric {metric!r}; choose from {', '.join(sorted(flat))}", file=sys.stderr)
            return 2
        if flat[metric] < floor:
            failed.append(f"{metric} = {flat[metric]:.4f} < {floor}")
    for line in failed:
        print(f"FAIL {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
