"""The statistics the critic evals report: pairwise accuracy, Spearman, bootstrap intervals.

Implemented with numpy so the numbers are reproducible (seeded) and there is no scipy
dependency. Bootstrap intervals are percentile intervals over resampled rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BOOTSTRAP_RESAMPLES = 1000


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its bootstrap 95% interval."""

    value: float
    low: float
    high: float
    n: int

    def as_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high, "n": float(self.n)}


def pair_outcomes(score_a: FloatArray, score_b: FloatArray, winners: Sequence[str]) -> FloatArray:
    """1 when the scorer ranks the winner higher, 0 when lower, 0.5 on a tie."""
    a = np.asarray(score_a, dtype=float)
    b = np.asarray(score_b, dtype=float)
    a_wins = np.asarray([winner == "a" for winner in winners])
    diff = np.where(a_wins, a - b, b - a)
    return np.where(diff > 0, 1.0, np.where(diff < 0, 0.0, 0.5))


def bootstrap_mean(values: FloatArray, seed: int, resamples: int = BOOTSTRAP_RESAMPLES) -> Estimate:
    """Mean with a percentile bootstrap 95% interval."""
    n = len(values)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Estimate(float(values.mean()), float(low), float(high), n)


def rank(values: FloatArray) -> FloatArray:
    """Ranks with ties averaged (as Spearman requires)."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=float)
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0
        i = j + 1
    return ranks


def spearman(x: FloatArray, y: FloatArray) -> float:
    """Spearman's rank correlation; 0 when either side is constant."""
    if len(x) < 2:
        return float("nan")
    rx, ry = rank(x), rank(y)
    rx -= rx.mean()
    ry -= ry.mean()
    denominator = float(np.sqrt((rx * rx).sum() * (ry * ry).sum()))
    return float((rx * ry).sum() / denominator) if denominator else 0.0


def bootstrap_statistic(
    x: FloatArray,
    y: FloatArray,
    statistic: Callable[[FloatArray, FloatArray], float],
    seed: int,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> Estimate:
    """A paired statistic (e.g. Spearman) with a percentile bootstrap 95% interval."""
    n = len(x)
    if n < 3:
        return Estimate(float("nan"), float("nan"), float("nan"), n)
    rng = np.random.default_rng(seed)
    samples = []
    for _ in range(resamples):
        idx = rng.integers(0, n, size=n)
        samples.append(statistic(x[idx], y[idx]))
    low, high = np.nanpercentile(np.asarray(samples), [2.5, 97.5])
    return Estimate(statistic(x, y), float(low), float(high), n)


def top_bottom_separation(scores: FloatArray, outcomes: FloatArray) -> float:
    """Mean outcome of the top third by score minus that of the bottom third.

    The critic accepts the top and retries the bottom; a positive gap means what it accepts
    really does better.
    """
    n = len(scores)
    third = n // 3
    if third == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    return float(outcomes[order[-third:]].mean() - outcomes[order[:third]].mean())
