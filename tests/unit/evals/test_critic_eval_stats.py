from __future__ import annotations

import numpy as np
import pytest

from evals.critic.stats import (
    bootstrap_mean,
    bootstrap_statistic,
    pair_outcomes,
    rank,
    spearman,
    top_bottom_separation,
)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def test_rank_averages_ties() -> None:
    assert rank(np.array([10.0, 20.0, 20.0, 5.0])).tolist() == [1.0, 2.5, 2.5, 0.0]


def test_spearman_matches_pearson_of_ranks_and_known_cases() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    y = x + rng.normal(size=200)
    y[::7] = y[0]  # ties
    assert spearman(x, y) == pytest.approx(_pearson(rank(x), rank(y)))
    assert spearman(x, np.exp(x)) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.ones(200)) == 0.0


def test_pair_outcomes_count_ties_as_half() -> None:
    outcomes = pair_outcomes(np.array([1.0, 0.2, 0.5]), np.array([0.0, 0.9, 0.5]), ["a", "a", "b"])
    assert outcomes.tolist() == [1.0, 0.0, 0.5]


def test_bootstrap_interval_brackets_the_mean_and_is_seeded() -> None:
    values = np.array([1.0] * 70 + [0.0] * 30)
    first = bootstrap_mean(values, seed=3)
    assert first.value == pytest.approx(0.7)
    assert first.low < 0.7 < first.high
    assert first.low > 0.55 and first.high < 0.85
    assert bootstrap_mean(values, seed=3) == first


def test_bootstrap_statistic_and_separation() -> None:
    scores = np.arange(30, dtype=float)
    outcomes = scores * 2.0
    assert top_bottom_separation(scores, outcomes) == pytest.approx(2.0 * 20)
    estimate = bootstrap_statistic(scores, outcomes, spearman, seed=1, resamples=100)
    assert estimate.value == pytest.approx(1.0)
    assert estimate.low > 0.99
