"""Aggregate per-question results into figures, overall and by kind; write JSON, Markdown and PNG."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.metrics import average, prf
from evals.runner import METHODS, QuestionResult


def summarize(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """The figures of a run. A figure over no questions is ``None``, not 0: a file of unanswerable
    questions has no answer accuracy, and one of answerable questions no refusal recall."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    answered = [r for r in answerable if not r.refused]
    refused = [r for r in results if r.refused]
    out: dict[str, Any] = {"questions": len(results), "answerable": len(answerable), "unanswerable": len(unanswerable)}
    names = ("hit@5", "recall@5", "mrr@10", "ndcg@10")
    out["retrieval"] = {
        method: {m: average(r.retrieval[method][m] for r in answerable) for m in names} for method in METHODS
    } if answerable else {}
    out["answers"] = {
        "accuracy": _mean([r.accuracy for r in answerable]),
        "f1": _mean([r.f1 for r in answerable]),
        "median_chars": statistics.median([r.answer_chars for r in answered]) if answered else None,
    }
    out["citations"] = {
        "validity": _mean([r.citation_valid for r in results]),
        "precision": _mean([r.citation_precision for r in answered]),
        "recall": _mean([r.citation_recall for r in answerable]),
        "cites_evidence": _mean([float(r.citation_recall > 0) for r in answerable]),
        "supported": _mean([r.supported for r in answerable]),
    }
    precision, recall, f1 = prf(sum(r.refused for r in unanswerable), len(refused), len(unanswerable))
    out["refusal"] = {
        "precision": precision if refused else None,
        "recall": recall if unanswerable else None,
        "f1": f1 if refused and unanswerable else None,
        "answerable_refused": _mean([float(r.refused) for r in answerable]),
    }
    out["latency_ms"] = {
        "search_p50": _pct([r.search_ms for r in results], 50), "search_p95": _pct([r.search_ms for r in results], 95),
        "ask_p50": _pct([r.ask_ms for r in results], 50), "ask_p95": _pct([r.ask_ms for r in results], 95),
    }
    return out


def _mean(values: list[float]) -> float | None:
    return average(values) if values else None


def by_kind(results: Sequence[QuestionResult]) -> dict[str, dict[str, Any]]:
    kinds = sorted({r.kind for r in results})
    return {kind: summarize([r for r in results if r.kind == kind]) for kind in kinds}


def flatten(summary: dict[str, Any], prefix: str = "") -> dict[str, float | None]:
    """{"answers": {"accuracy": .9}} -> {"answers.accuracy": .9}: the names --fail-under takes
    (``None`` for a figure these questions leave undefined)."""
    flat: dict[str, float | None] = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif value is None or isinstance(value, int | float):
            flat[name] = None if value is None else float(value)
    return flat


def write_reports(folder: Path, name: str, report: dict[str, Any], text: str | None = None) -> list[Path]:
    """``name``.json, ``name``.md (``text``, or the gold-set Markdown) and, for reports broken down
    by kind, ``name``.png."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path, png_path = folder / f"{name}.json", folder / f"{name}.md", folder / f"{name}.png"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(name, report) if text is None else text, encoding="utf-8")
    if "by_kind" not in report:
        return [json_path, md_path]
    chart(report, png_path)
    return [json_path, md_path, png_path]


def markdown(name: str, report: dict[str, Any]) -> str:
    overall = report["overall"]
    lines = [f"# Evaluation: {name}", "", f"{overall['questions']} questions "
             f"({overall['answerable']} answerable, {overall['unanswerable']} not); split: {report['split']}.", ""]
    if overall["retrieval"]:
        lines += ["## Retrieval (a passage is relevant when it overlaps gold evidence)", "",
                  "| method | hit@5 | recall@5 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|"]
        for method, m in overall["retrieval"].items():
            lines.append(f"| {method} | {m['hit@5']:.3f} | {m['recall@5']:.3f} | {m['mrr@10']:.3f} | "
                         f"{m['ndcg@10']:.3f} |")
        lines.append("")
    a, c, r, lat = overall["answers"], overall["citations"], overall["refusal"], overall["latency_ms"]
    chars = "n/a" if a["median_chars"] is None else f"{a['median_chars']:.0f} chars"
    lines += ["## Answers, citations, refusals", "", "| metric | value |", "|---|---|",
              f"| answer accuracy | {_fmt(a['accuracy'])} |", f"| answer token F1 | {_fmt(a['f1'])} |",
              f"| median answer length | {chars} |",
              f"| citation validity | {_fmt(c['validity'])} |", f"| citation precision | {_fmt(c['precision'])} |",
              f"| citation recall | {_fmt(c['recall'])} |", f"| cites gold evidence | {_fmt(c['cites_evidence'])} |",
              f"| answer supported by its citations | {_fmt(c['supported'])} |",
              f"| refusal precision / recall / F1 | {_fmt(r['precision'])} / {_fmt(r['recall'])} / {_fmt(r['f1'])} |",
              f"| answerable questions refused | {_fmt(r['answerable_refused'])} |",
              f"| search p50 / p95 | {lat['search_p50']:.1f} / {lat['search_p95']:.1f} ms |",
              f"| ask p50 / p95 | {lat['ask_p50']:.1f} / {lat['ask_p95']:.1f} ms |", ""]
    if any(v is None for group in (a, c, r) for v in group.values()):
        lines += ["n/a: no question the figure is taken over (answer figures are over answerable questions, "
                  "refusal recall over unanswerable ones, refusal precision over refusals).", ""]
    lines += ["## By kind", "", "| kind | n | hit@5 (hybrid) | accuracy | cites evidence | refused |",
              "|---|---|---|---|---|---|"]
    for kind, k in report["by_kind"].items():
        hit = k["retrieval"].get("hybrid", {}).get("hit@5")
        lines.append(f"| {kind} | {k['questions']} | {_fmt(hit, '')} | {_fmt(k['answers']['accuracy'], '')} | "
                     f"{_fmt(k['citations']['cites_evidence'], '')} | {_fmt(_refused(k), '')} |")
    return "\n".join(lines) + "\n"


def _refused(summary: dict[str, Any]) -> float | None:
    """The share refused that a kind is judged by: of unanswerable questions, refused is right."""
    refusal = summary["refusal"]
    return refusal["recall"] if summary["unanswerable"] else refusal["answerable_refused"]


def _fmt(value: float | None, missing: str = "n/a") -> str:
    return missing if value is None else f"{value:.3f}"


def chart(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = list(report["by_kind"])
    series = {
        "hit@5 (hybrid)": [report["by_kind"][k]["retrieval"].get("hybrid", {}).get("hit@5", 0.0) for k in kinds],
        "answer accuracy": [report["by_kind"][k]["answers"]["accuracy"] for k in kinds],
        "cites evidence": [report["by_kind"][k]["citations"]["cites_evidence"] for k in kinds],
        "refused": [_refused(report["by_kind"][k]) for k in kinds],
    }
    series = {label: [math.nan if v is None else v for v in values] for label, values in series.items()}  # no bar
    fig, ax = plt.subplots(figsize=(max(7, 1.3 * len(kinds) + 2), 4))
    width = 0.8 / len(series)
    for i, (label, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(kinds))], values, width, label=label)
    labels = [f"{k}\n(n={report['by_kind'][k]['questions']})" for k in kinds]  # small n reads differently
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(kinds))], labels, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"By kind ({report['split']} split)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return round(values[0], 2) if values else 0.0
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)
