import math

import pytest

from evals.metrics import hit_at_k, mrr_at_k, ndcg_at_k, recall_at_k


def test_hand_computed_cases() -> None:
    ranked = ["d3", "d1", "d7", "d2"]
    assert hit_at_k(ranked, {"d2"}, 3) == 0.0 and hit_at_k(ranked, {"d2"}, 4) == 1.0
    assert recall_at_k(ranked, {"d1", "d2", "d9"}, 4) == pytest.approx(2 / 3)
    assert mrr_at_k(ranked, {"d7"}, 10) == pytest.approx(1 / 3)
    assert mrr_at_k(ranked, {"d7"}, 2) == 0.0
    # gains: d1=2 at rank 2, d2=1 at rank 4; ideal d1 then d2 (then d5 unretrieved, gain 1)
    dcg = 2 / math.log2(3) + 1 / math.log2(5)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranked, {"d1": 2, "d2": 1, "d5": 1}, 10) == pytest.approx(dcg / idcg)


def test_degenerate_cases() -> None:
    assert ndcg_at_k(["a"], {}, 10) == 0.0
    assert recall_at_k(["a"], set(), 10) == 1.0
    assert ndcg_at_k(["a", "b"], {"a": 1}, 10) == 1.0
