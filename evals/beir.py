"""A BEIR data set (corpus.jsonl, queries.jsonl, qrels/*.tsv) as Documents, queries and judgements."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from evals.metrics import average, mrr_at_k, ndcg_at_k, recall_at_k
from evals.runner import with_progress
from qa.engine import Engine
from qa.sources import make_document
from qa.types import Document


def load_corpus(root: Path) -> list[Document]:
    docs = []
    with open(root / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs.append(make_document(str(row["_id"]), row["text"], title=row.get("title", "")))
    return docs


def load_queries(root: Path) -> dict[str, str]:
    with open(root / "queries.jsonl", encoding="utf-8") as f:
        return {str(r["_id"]): r["text"] for r in map(json.loads, f)}


def load_qrels(root: Path, split: str) -> dict[str, dict[str, float]]:
    qrels: dict[str, dict[str, float]] = {}
    with open(root / "qrels" / f"{split}.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = float(row["score"])
    return qrels


# Test-split figures from ../shared/data/README.md (MTEB results; BM25 is the bm25s baseline).
PUBLISHED: dict[str, dict[str, float]] = {
    "BM25 (bm25s)": {"ndcg@10": 0.687, "recall@100": 0.913},
    "all-MiniLM-L6-v2": {"ndcg@10": 0.645, "recall@100": 0.925},
    "all-mpnet-base-v2": {"ndcg@10": 0.656, "recall@100": 0.942},
    "e5-small-v2": {"ndcg@10": 0.689, "recall@100": 0.928},
    "multilingual-e5-small": {"ndcg@10": 0.676, "recall@100": 0.928},
    "multilingual-e5-base": {"ndcg@10": 0.697, "recall@100": 0.939},
    "bge-small-en-v1.5": {"ndcg@10": 0.713, "recall@100": 0.945},
    "bge-base-en-v1.5 (pyserini)": {"ndcg@10": 0.741},
    "SPLADE++ (pyserini)": {"ndcg@10": 0.704},
}


def sample(
    documents: list[Document], qrels: dict[str, dict[str, float]], limit: int, pool_per_query: int = 20,
) -> tuple[list[Document], dict[str, dict[str, float]]]:
    """The first ``limit`` judged queries over a sub-corpus: their judged documents plus the first
    other documents in corpus order, ``pool_per_query`` documents per query in all. Figures on a
    sample are for regression checks; a smaller pool makes retrieval easier than the published task."""
    kept = dict(list(qrels.items())[:limit])
    judged = {d for gains in kept.values() for d in gains}
    size = max(len(judged), pool_per_query * len(kept))
    others = [d for d in documents if d.doc_id not in judged][: size - len(judged)]
    keep = judged | {d.doc_id for d in others}
    return [d for d in documents if d.doc_id in keep], kept


def score(
    engine: Engine, queries: dict[str, str], qrels: dict[str, dict[str, float]],
    methods: dict[str, dict[str, float]], progress: bool = False,
) -> dict[str, dict[str, float]]:
    """nDCG@10, Recall@100 and MRR@10 per retrieval method, ranking documents (one passage each)."""
    per: dict[str, dict[str, list[float]]] = {m: {"ndcg@10": [], "recall@100": [], "mrr@10": []} for m in methods}
    for qid, gains in with_progress(qrels.items(), progress, "Queries", total=len(qrels)):
        relevant = {d for d, g in gains.items() if g > 0}
        for method, weights in methods.items():
            ranked = [p.doc_id for p in engine.search(queries[qid], k=100, max_per_doc=1, **weights)]
            per[method]["ndcg@10"].append(ndcg_at_k(ranked, gains, 10))
            per[method]["recall@100"].append(recall_at_k(ranked, relevant, 100))
            per[method]["mrr@10"].append(mrr_at_k(ranked, relevant, 10))
    return {m: {name: average(v) for name, v in figures.items()} | {"queries": len(qrels)}
            for m, figures in per.items()}
