"""``python -m evals.tune``: threshold calibration, the figures at a threshold, and one trial end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import qa
from evals.gold import GoldQuestion, load_gold
from evals.tune import GRID, Outcome, calibrate, figures, grid, trial, tuning_set
from qa.answer import AnswerSettings, settings_for
from qa.embedding import HashEmbedder


def test_calibrate_refuses_at_most_the_allowed_share() -> None:
    answerable = [Outcome(True, c / 20, True, True) for c in range(20)]
    unanswerable = [Outcome(False, 0.99, False, False)]
    threshold = calibrate(answerable + unanswerable, 0.05)  # 5% of 20: one may be refused
    assert threshold == 0.05
    assert sum(o.confidence < threshold for o in answerable) == 1
    assert calibrate(answerable, 0.0) == 0.0  # refuse none
    assert calibrate(unanswerable) == float("-inf")  # nothing answerable to protect


def test_figures_at_a_threshold() -> None:
    rows = [
        Outcome(True, 0.9, True, True),  # answered, cites gold, contains the answer
        Outcome(True, 0.8, False, True),  # answered, wrong citation
        Outcome(True, 0.3, True, True),  # refused at 0.5: counts for nothing
        Outcome(False, 0.2, False, False),  # refused: right
        Outcome(False, 0.7, False, False),  # answered: wrong
    ]
    assert figures(rows, 0.5) == {
        "cites_evidence": 1 / 3, "accuracy": 2 / 3, "unanswerable_refused": 1 / 2, "answerable_refused": 1 / 3,
    }


def test_grid_varies_only_the_weights() -> None:
    settings = grid()
    assert len(settings) == len({tuple(getattr(s, name) for name in GRID) for s in settings}) > 1
    assert {s.min_score for s in settings} == {AnswerSettings().min_score}
    e5 = settings_for("e5")
    assert {s.min_score for s in grid(e5)} == {e5.min_score} != {AnswerSettings().min_score}  # from its base


@pytest.fixture
def tiny_engine(tiny_gold: tuple[Path, Path], tmp_path: Path) -> tuple[qa.Engine, list[GoldQuestion]]:
    gold, corpus = tiny_gold
    qa.build(corpus, tmp_path / "i", embedder=HashEmbedder())
    return qa.open(tmp_path / "i", embedder=HashEmbedder()), load_gold(gold)


def test_trial_calibrates_and_retrieves_each_question_once(tiny_engine: tuple[qa.Engine, list[GoldQuestion]]) -> None:
    engine, questions = tiny_engine
    calls: list[str] = []
    search = engine.search

    def counting(question: str, *args: object, **kwargs: object) -> list[qa.Passage]:
        calls.append(question)
        return search(question, *args, **kwargs)  # type: ignore[arg-type]

    engine.search = counting  # type: ignore[method-assign]
    sets = {"tiny": tuning_set(engine, questions)}
    settings = replace(AnswerSettings(), lexical_weight=0.5)
    first = trial(sets, settings)
    second = trial(sets, replace(settings, dense_weight=0.1))
    assert sorted(calls) == sorted(q.question for q in questions)  # the second trial reused every retrieval
    assert first.settings.lexical_weight == 0.5 and second.settings.dense_weight == 0.1
    tiny = first.figures["tiny"]
    # two answerable questions: 5% of two is none, so the threshold is the lowest answerable confidence
    assert tiny["answerable_refused"] == 0.0
    assert tiny["cites_evidence"] == 1.0
    assert tiny["accuracy"] == 0.5  # "He was the first Vietnamese cosmonaut." is cited but does not name him
    assert first.objective == tiny["cites_evidence"] + tiny["unanswerable_refused"]
