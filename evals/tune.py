"""``python -m evals.tune``: choose the answer weights (``qa.answer.AnswerSettings``) on tuning data only.

    python -m evals.tune --clapnq ../shared/data/clapnq   # the seeds gold dev splits + the ClapNQ dev half
    python -m evals.tune                                   # the seeds gold dev splits only
    QA_EMBEDDER=e5 python -m evals.tune --clapnq ../shared/data/clapnq --cache .cache/evals-e5   # for e5
    python -m evals.tune --other-language   # the threshold for questions not in English (multilingual side)

The seeds tuning set is the dev split of ``gold/seeds.jsonl`` with that of ``gold/seeds-refusal.jsonl``
(more unanswerable questions). Each embedder has its own settings (``qa.answer.TUNED``), tuned on indexes built with it.

Only dev splits are read; the test halves stay unseen, so what ``python -m evals`` reports on them is
not tuned. Every setting of a grid over the six weights answers every tuning question once with no
threshold; ``min_score`` is then the highest threshold that refuses at most 5% of the answerable
questions of each tuning set, and the setting is judged at it by the mean over the sets of "cites gold
evidence" plus "unanswerable refused". Prints the best settings; writes reports/tune.json.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import qa
from evals.gold import SEEDS_GOLD, GoldQuestion, evidence_groups, load_gold
from evals.metrics import Span, answer_contains, spans_overlap
from evals.runner import corpus_engine, input_error, with_progress
from qa.answer import AnswerSettings, settings_for

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED_GOLD = SEEDS_GOLD.with_name("seeds-translated.jsonl")
REFUSAL_GOLD = SEEDS_GOLD.with_name("seeds-refusal.jsonl")  # 40 more unanswerable seeds questions
REFUSE_AT_MOST = 0.05  # share of answerable tuning questions a threshold may refuse
GRID = {
    "lexical_weight": (0.15, 0.25, 0.35),
    "dense_weight": (0.35, 0.5),
    "type_weight": (0.1, 0.2),
    "passage_weight": (0.2, 0.3, 0.45),
    "anchor_weight": (0.1, 0.2),
    "similarity_weight": (0.0, 0.2, 0.4, 0.6),
}


@dataclass(frozen=True)
class Outcome:
    """One question answered with no threshold: how confident, and whether it cites gold evidence."""

    answerable: bool
    confidence: float
    cites_evidence: bool
    contains_answer: bool


@dataclass(frozen=True)
class Trial:
    settings: AnswerSettings
    figures: dict[str, dict[str, float]]  # per tuning set, at settings.min_score
    objective: float


@dataclass(frozen=True)
class TuningSet:
    """Questions with their gold evidence spans, found once, and an engine that retrieves each
    question once: every trial asks the same questions, only the answer weights change.
    ``attribute`` is the engine's settings being tuned: ``answer_settings``, or
    ``other_language_settings`` for questions answered through the multilingual side."""

    engine: qa.Engine
    questions: list[GoldQuestion]
    evidence: list[list[Span]]
    attribute: str = "answer_settings"


def tuning_set(engine: qa.Engine, questions: Sequence[GoldQuestion], attribute: str = "answer_settings") -> TuningSet:
    texts = {d.doc_id: d.text for d in engine.documents()}
    engine.search = functools.lru_cache(maxsize=None)(engine.search)  # type: ignore[method-assign]
    evidence = [[span for group in evidence_groups(q, texts) for span in group] for q in questions]
    return TuningSet(engine, list(questions), evidence, attribute)


def outcomes(tuning: TuningSet, settings: AnswerSettings) -> list[Outcome]:
    setattr(tuning.engine, tuning.attribute, replace(settings, min_score=float("-inf")))
    out = []
    for q, evidence in zip(tuning.questions, tuning.evidence, strict=True):
        answer = tuning.engine.ask(q.question)
        cited = [(c.doc_id, c.start, c.end) for c in answer.citations]
        out.append(Outcome(
            q.answerable, answer.confidence,
            any(spans_overlap(c, e) for c in cited for e in evidence),
            bool(q.answers) and bool(answer_contains(answer.text, q.answers)),
        ))
    return out


def calibrate(results: Sequence[Outcome], refuse_at_most: float = REFUSE_AT_MOST) -> float:
    """The highest threshold under which at most ``refuse_at_most`` of the answerable questions fall.

    >>> calibrate([Outcome(True, c, True, True) for c in (0.2, 0.5, 0.7, 0.9)], 0.25)
    0.5
    """
    confidences = sorted(o.confidence for o in results if o.answerable)
    if not confidences:
        return float("-inf")
    return confidences[int(refuse_at_most * len(confidences))]


def shown(threshold: float) -> float:
    """``threshold`` to three decimals, rounded down: rounded up, it could refuse the answerable
    question whose confidence set it.

    >>> shown(1.16497), shown(0.8289)
    (1.164, 0.828)
    """
    return math.floor(threshold * 1000) / 1000 if math.isfinite(threshold) else threshold


def figures(results: Sequence[Outcome], threshold: float) -> dict[str, float]:
    """The answer figures of ``python -m evals`` had ``threshold`` been ``min_score``."""
    answerable = [o for o in results if o.answerable]
    unanswerable = [o for o in results if not o.answerable]

    def share(rows: list[Outcome], hit: Callable[[Outcome], bool]) -> float:
        return sum(hit(o) for o in rows) / len(rows) if rows else 0.0

    return {
        "cites_evidence": share(answerable, lambda o: o.confidence >= threshold and o.cites_evidence),
        "accuracy": share(answerable, lambda o: o.confidence >= threshold and o.contains_answer),
        "unanswerable_refused": share(unanswerable, lambda o: o.confidence < threshold),
        "answerable_refused": share(answerable, lambda o: o.confidence < threshold),
    }


def trial(sets: dict[str, TuningSet], settings: AnswerSettings) -> Trial:
    results = {name: outcomes(tuning, settings) for name, tuning in sets.items()}
    threshold = min(calibrate(r) for r in results.values())
    per_set = {name: figures(r, threshold) for name, r in results.items()}
    objective = sum(f["cites_evidence"] + f["unanswerable_refused"] for f in per_set.values()) / len(per_set)
    return Trial(replace(settings, min_score=shown(threshold)), per_set, objective)


def grid(base: AnswerSettings | None = None) -> list[AnswerSettings]:
    """Every combination of the GRID weights, the other settings as in ``base`` (default: MiniLM's)."""
    base, names = base or settings_for("minilm"), list(GRID)
    changes: list[dict[str, Any]] = [dict(zip(names, v, strict=True)) for v in itertools.product(*GRID.values())]
    return [replace(base, **c) for c in changes]


def tuning_sets(clapnq: Path | None, cache: Path) -> dict[str, TuningSet]:
    # Without the multilingual side: the settings tuned here are the index embedder's, for every
    # question; the side's embedder answers with its own (tuned with QA_EMBEDDER=e5).
    seeds = corpus_engine(ROOT / "seeds", cache, multilingual=False)
    dev = [q for path in (SEEDS_GOLD, REFUSAL_GOLD) for q in load_gold(path) if q.split == "dev"]
    sets = {"seeds-dev": tuning_set(seeds, dev)}
    if clapnq is not None:
        from evals import clapnq as clapnq_data
        from evals.public import cached_engine

        documents, questions = clapnq_data.load(clapnq)
        engine = cached_engine("clapnq-dev", documents, cache)
        sets["clapnq-dev"] = tuning_set(engine, [q for q in questions if q.split == "dev"])
    return sets


def other_language(cache: Path, path: Path = TRANSLATED_GOLD) -> int:
    """Calibrate the threshold for questions answered through the multilingual side, on the dev
    questions of ``path``, keeping the weights; print the figures at the shipped and the new one."""
    engine = corpus_engine(ROOT / "seeds", cache, multilingual=True)
    if engine.other_language_settings is None:
        print("error: the seeds index has no multilingual side", file=sys.stderr)
        return 2
    questions = [q for q in load_gold(path) if q.split == "dev"]
    tuning = tuning_set(engine, questions, "other_language_settings")
    shipped = engine.other_language_settings
    results = outcomes(tuning, shipped)
    side = engine.data.manifest["multilingual"]["embedder"]["name"]
    print(f"{len(questions)} translated dev questions, answered through the {side} side")
    for label, threshold in (("shipped", shipped.min_score), ("calibrated", shown(calibrate(results)))):
        f = figures(results, threshold)
        print(f"{label} min_score {threshold}: cites gold evidence {f['cites_evidence']:.3f}, unanswerable refused "
              f"{f['unanswerable_refused']:.3f}, answerable refused {f['answerable_refused']:.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.tune", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clapnq", type=Path, metavar="DIR", help="ClapNQ dev folder: its dev half joins the tuning")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "evals", help="indexes built here, reused")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--top", type=int, default=10, help="how many of the best settings to print")
    parser.add_argument("--other-language", action="store_true",
                        help="calibrate the threshold for questions not in English, answered through the seeds "
                             "index's multilingual side, on the dev half of evals/gold/seeds-translated.jsonl")
    args = parser.parse_args(argv)
    if args.other_language:
        try:
            return other_language(args.cache)
        except (qa.QAError, OSError, ValueError) as exc:
            return input_error(exc)
    try:
        sets = tuning_sets(args.clapnq, args.cache)
    except (qa.QAError, OSError, ValueError) as exc:
        return input_error(exc)
    embedders = {name: t.engine.embedder.name for name, t in sets.items()}
    if len(set(embedders.values())) > 1:
        print(f"error: the tuning indexes were built with different embedders ({embedders}); set QA_EMBEDDER "
              "to the one to tune for and run again", file=sys.stderr)
        return 2
    embedder = next(iter(embedders.values()))
    print(f"tuning the answer settings for embedder {embedder}")
    base = settings_for(embedder)
    current = trial(sets, base)
    trials = [trial(sets, settings) for settings in with_progress(grid(base), True, "Settings", unit="setting")]
    trials.sort(key=lambda t: -t.objective)
    names = list(GRID)
    print("| objective | " + " | ".join(names) + " | min_score | " + " | ".join(
        f"{s}: cites / unans. refused / ans. refused" for s in sets) + " |")
    print("|---" * (len(names) + 2 + len(sets)) + "|")
    for label, t in [("current weights", current)] + [(f"{n}", t) for n, t in enumerate(trials[:args.top], 1)]:
        print(f"| {label}: {t.objective:.3f} | " + " | ".join(str(getattr(t.settings, n)) for n in names)
              + f" | {t.settings.min_score} | " + " | ".join(
                  f"{f['cites_evidence']:.3f} / {f['unanswerable_refused']:.3f} / {f['answerable_refused']:.3f}"
                  for f in t.figures.values()) + " |")
    args.reports.mkdir(parents=True, exist_ok=True)
    (args.reports / "tune.json").write_text(json.dumps({
        "embedder": embedder, "sets": list(sets), "current": _row(current), "trials": [_row(t) for t in trials],
    }, indent=1) + "\n")
    return 0


def _row(t: Trial) -> dict[str, object]:
    return {"settings": asdict(t.settings), "figures": t.figures, "objective": t.objective}


if __name__ == "__main__":
    sys.exit(main())
