"""The public benchmarks (BEIR SciFact, SQuAD v1.1, ClapNQ) run end to end: a cached index of the
corpus, the scores, and a report with the published baselines beside them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qa
from evals.runner import METHODS
from qa import config
from qa.embedding import shared_embedder
from qa.indexer import BuildReport, build_documents
from qa.types import Document


@dataclass
class Report:
    name: str
    data: dict[str, Any]  # figures (under "overall") and provenance
    markdown: str


def cached_index(
    name: str, documents: list[Document], cache: Path, progress: bool = False,
) -> tuple[Path, BuildReport]:
    """An index of ``documents`` under ``cache/<name>-<embedder>``: built once, then only changed
    documents are re-embedded (none when the data is unchanged). Shared with ``python -m benchmarks``.
    The embedder is the process's loaded one, which the engine opened on the index then uses too."""
    embedder = shared_embedder(config.embedder_name() or config.DEFAULT_EMBEDDER)
    index = cache / f"{name}-{embedder.name}"
    return index, build_documents(documents, index, source=name, embedder=embedder, progress=progress)


def cached_engine(name: str, documents: list[Document], cache: Path, progress: bool = False) -> qa.Engine:
    return qa.open(cached_index(name, documents, cache, progress)[0])


def run_beir(root: Path, cache: Path, split: str = "test", limit: int | None = None,
             progress: bool = False) -> Report:
    from evals import beir

    documents, queries, qrels = beir.load_corpus(root), beir.load_queries(root), beir.load_qrels(root, split)
    name = root.name
    if limit is not None:
        documents, qrels = beir.sample(documents, qrels, limit)
        name = f"{name}-sample{limit}"
    engine = cached_engine(name, documents, cache, progress)
    overall = beir.score(engine, queries, qrels, METHODS, progress)
    note = (f"Sample: the first {len(qrels)} {split} queries over a {len(documents):,}-document sub-corpus; "
            "a smaller pool is easier, so these figures are not comparable to the published ones."
            if limit is not None else f"All {len(qrels)} {split} queries over all {len(documents):,} documents.")
    lines = [f"# {name}: retrieval ({split} qrels)", "", note, "",
             "| system | nDCG@10 | Recall@100 | MRR@10 |", "|---|---|---|---|"]
    lines += [f"| this project, {m} | {f['ndcg@10']:.4f} | {f['recall@100']:.4f} | {f['mrr@10']:.4f} |"
              for m, f in overall.items()]
    lines += [f"| published: {s} | {f['ndcg@10']:.3f} | {_fmt(f.get('recall@100'))} | |"
              for s, f in beir.PUBLISHED.items()]
    data = {"benchmark": "beir", "data": str(root), "split": split, "documents": len(documents),
            "sample": limit is not None, "overall": overall, "published": beir.PUBLISHED}
    return Report(name, data, "\n".join(lines) + "\n")


def run_squad(path: Path, cache: Path, limit: int | None = None, progress: bool = False) -> Report:
    from evals import squad

    documents, questions = squad.load(path, limit)
    engine = cached_engine("squad-v1.1-dev", documents, cache, progress)
    overall = squad.score(engine, questions, METHODS, progress)
    name = "squad-v1.1-dev" + (f"-sample{limit}" if limit is not None else "")
    a, c = overall["answers"], overall["citations"]
    lines = [f"# {name}: open-domain over all {len(documents):,} paragraphs", "",
             f"{len(questions):,} questions" + (" (evenly spread sample)." if limit is not None else "."), "",
             "| method | " + " | ".join(f"gold paragraph in top {k}" for k in squad.RECALL_AT) + " |",
             "|---|" + "---|" * len(squad.RECALL_AT)]
    lines += [f"| {m} | " + " | ".join(f"{v:.3f}" for v in f.values()) + " |" for m, f in overall["retrieval"].items()]
    lines += ["", "| answer metric | value |", "|---|---|",
              f"| exact match (official normalisation) | {a['exact_match']:.3f} |",
              f"| token F1 | {a['f1']:.3f} |", f"| answer contains a gold answer | {a['contains']:.3f} |",
              f"| refused | {a['refused']:.3f} |", f"| median answer length | {a['median_chars']:.0f} chars |",
              f"| cites the gold paragraph | {c['cites_gold_paragraph']:.3f} |",
              f"| a cited quote from the gold paragraph contains a gold answer | "
              f"{c['cited_quote_contains_answer']:.3f} |", "",
              "Answers here are whole cited sentences, not minimal spans, so exact match is near zero by "
              "construction; containment is the comparable answer figure. Published reference points "
              "(different pools or gold paragraphs given, see the data README):", ""]
    lines += [f"- {s}: {v}" for s, v in squad.PUBLISHED.items()]
    data = {"benchmark": "squad", "data": str(path), "documents": len(documents), "sample": limit is not None,
            "overall": overall, "published": squad.PUBLISHED}
    return Report(name, data, "\n".join(lines) + "\n")


def run_clapnq(root: Path, cache: Path, split: str = "test", limit: int | None = None,
               progress: bool = False) -> Report:
    """The gold-set harness on ClapNQ, with its Markdown report and a note on what is measured."""
    from evals import clapnq
    from evals.report import by_kind, markdown, summarize
    from evals.runner import evaluate

    documents, questions = clapnq.load(root, limit)
    questions = [q for q in questions if split == "all" or q.split == split]
    engine = cached_engine("clapnq-dev", documents, cache, progress)
    results = evaluate(engine, questions, progress)
    name = "clapnq-dev-" + split + (f"-sample{limit}" if limit is not None else "")
    overall = summarize(results)
    data = {"benchmark": "clapnq", "data": str(root), "split": split, "documents": len(documents),
            "sample": limit is not None, "overall": overall, "by_kind": by_kind(results),
            "questions": [r.__dict__ for r in results]}
    text = markdown(name, data) + (
        "\nClapNQ: evidence is each human answer's selected sentences, so citation precision/recall are "
        "sentence-level; answer F1 is against the human long-form answers; the refusal recall is the share "
        f"of unanswerable questions refused. Pool: {len(documents)} passages.\n")
    return Report(name, data, text)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
