"""Run a critic over a dataset: scores, metrics for the critic and every baseline, consistency.

The result is a plain pydantic model written as JSON, recording what produced it (critic
version and configuration, dataset hash, timing) so two runs can be compared.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from agents.critic import Critic
from evals.critic.baselines import baselines
from evals.critic.dataset import Dataset, Item
from evals.critic.stats import (
    Estimate,
    FloatArray,
    bootstrap_mean,
    bootstrap_statistic,
    pair_outcomes,
    spearman,
    top_bottom_separation,
)

RESULT_SCHEMA_VERSION = 1
MIN_GROUP_ROWS = 20
CRITIC = "critic"
ItemScorer = Callable[[Item], float]
# A critic call: the score, and the verdict when the item is a script (None for hooks).
CriticCall = Callable[[Item], tuple[float, str | None]]


class EstimateModel(BaseModel):
    value: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, estimate: Estimate) -> EstimateModel:
        return cls(value=estimate.value, low=estimate.low, high=estimate.high, n=estimate.n)


class ScorerMetrics(BaseModel):
    """How well one scorer (the critic or a baseline) predicts the outcomes."""

    accuracy: EstimateModel | None = None
    by_bucket: dict[str, EstimateModel] = Field(default_factory=dict)
    by_label: dict[str, EstimateModel] = Field(default_factory=dict)
    spearman: EstimateModel | None = None
    spearman_within_groups: EstimateModel | None = None
    groups_used: int = 0
    separation: EstimateModel | None = None


class Consistency(BaseModel):
    repeats: int
    agreement: float = Field(description="Share of items scored identically on every repeat.")
    mean_spread: float
    max_spread: float


class RowScore(BaseModel):
    id: str
    scores: list[float]
    correct: float | None = None
    outcome: float | None = None


class EvalResult(BaseModel):
    """Everything one eval run measured, and what it ran on."""

    schema_version: int = RESULT_SCHEMA_VERSION
    dataset_path: str
    dataset_sha256: str
    dataset_format: str
    rows: int
    critic_version: str
    critic_config: dict[str, Any]
    started_at: str
    seconds: float
    critic_items_per_second: float
    scorers: dict[str, ScorerMetrics]
    consistency: Consistency
    summary: dict[str, float]
    row_scores: list[RowScore]


def critic_scorer(critic: Critic) -> CriticCall:
    """Hooks get the hook score only; scripts get the total (and the verdict)."""

    def score(item: Item) -> tuple[float, str | None]:
        if item.kind == "hook" or item.story is None or item.context is None:
            return critic.score_hook(item.text), None
        context = item.context
        report = critic.score_story(
            item.story, context.rules, context.constraints, context.target_duration_sec
        )
        return report.total_score, report.verdict

    return score


def _verdict_agreement(dataset: Dataset, verdicts: list[str | None]) -> float | None:
    """Share of script pairs where the better side is accepted and the worse one retried."""
    if dataset.format != "pairs" or any(v is None for v in verdicts) or not verdicts:
        return None
    hits = 0
    for index, row in enumerate(dataset.pairs):
        a, b = verdicts[2 * index], verdicts[2 * index + 1]
        winner, loser = (a, b) if row.winner == "a" else (b, a)
        hits += winner == "accept" and loser == "retry"
    return hits / len(dataset.pairs)


def _items(dataset: Dataset) -> list[Item]:
    if dataset.format == "pairs":
        return [item for row in dataset.pairs for item in (row.a, row.b)]
    return [row.item for row in dataset.scored]


def _strength_buckets(strengths: list[float | None]) -> list[str | None]:
    known = np.asarray([s for s in strengths if s is not None], dtype=float)
    if len(known) < 30:
        return [None] * len(strengths)
    low_edge, high_edge = np.quantile(known, [1 / 3, 2 / 3])
    labels: list[str | None] = []
    for s in strengths:
        if s is None:
            labels.append(None)
        elif s < low_edge:
            labels.append(f"weak (<{low_edge:.2f})")
        elif s < high_edge:
            labels.append(f"medium ({low_edge:.2f}–{high_edge:.2f})")
        else:
            labels.append(f"strong (≥{high_edge:.2f})")
    return labels


def _subset_estimates(
    outcomes: FloatArray, labels: list[str | None], seed: int
) -> dict[str, EstimateModel]:
    result: dict[str, EstimateModel] = {}
    tier = {"weak": 0, "medium": 1, "strong": 2}
    names = {label for label in labels if label is not None}
    for label in sorted(names, key=lambda name: (tier.get(name.split(" ")[0], 3), name)):
        mask = np.asarray([lab == label for lab in labels])
        result[label] = EstimateModel.of(bootstrap_mean(outcomes[mask], seed))
    return result


def _pair_metrics(
    dataset: Dataset, scores: FloatArray, seed: int
) -> tuple[ScorerMetrics, FloatArray]:
    outcomes = pair_outcomes(scores[0::2], scores[1::2], [row.winner for row in dataset.pairs])
    metrics = ScorerMetrics(
        accuracy=EstimateModel.of(bootstrap_mean(outcomes, seed)),
        by_bucket=_subset_estimates(
            outcomes, _strength_buckets([row.strength for row in dataset.pairs]), seed
        ),
        by_label=_subset_estimates(outcomes, [row.label for row in dataset.pairs], seed),
    )
    return metrics, outcomes


def _within_groups(
    scores: FloatArray, outcomes: FloatArray, groups: list[str | None], seed: int
) -> tuple[EstimateModel | None, int]:
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        if group is not None:
            members.setdefault(group, []).append(index)
    big = [np.asarray(idx) for idx in members.values() if len(idx) >= MIN_GROUP_ROWS]
    if not big:
        return None, 0
    value = float(np.mean([spearman(scores[idx], outcomes[idx]) for idx in big]))
    rng = np.random.default_rng(seed)
    samples = []
    for _ in range(200):
        per_group = []
        for idx in big:
            pick = idx[rng.integers(0, len(idx), size=len(idx))]
            per_group.append(spearman(scores[pick], outcomes[pick]))
        samples.append(float(np.mean(per_group)))
    low, high = np.percentile(samples, [2.5, 97.5])
    n = sum(len(idx) for idx in big)
    return EstimateModel(value=value, low=float(low), high=float(high), n=n), len(big)


def _scored_metrics(dataset: Dataset, scores: FloatArray, seed: int) -> ScorerMetrics:
    outcomes = np.asarray([row.outcome for row in dataset.scored], dtype=float)
    within, used = _within_groups(scores, outcomes, [row.group for row in dataset.scored], seed)
    return ScorerMetrics(
        spearman=EstimateModel.of(bootstrap_statistic(scores, outcomes, spearman, seed)),
        spearman_within_groups=within,
        groups_used=used,
        separation=EstimateModel.of(
            bootstrap_statistic(scores, outcomes, top_bottom_separation, seed)
        ),
    )


def _consistency(passes: list[FloatArray]) -> Consistency:
    stacked = np.vstack(passes)
    spread = stacked.max(axis=0) - stacked.min(axis=0)
    return Consistency(
        repeats=len(passes),
        agreement=float((spread <= 1e-12).mean()) if spread.size else 1.0,
        mean_spread=float(spread.mean()) if spread.size else 0.0,
        max_spread=float(spread.max()) if spread.size else 0.0,
    )


def _summary(
    result_format: str,
    scorers: dict[str, ScorerMetrics],
    consistency: Consistency,
    throughput: float,
) -> dict[str, float]:
    critic = scorers[CRITIC]
    summary: dict[str, float] = {
        "consistency": consistency.agreement,
        "max_spread": consistency.max_spread,
        "items_per_second": throughput,
    }
    baseline_names = [name for name in scorers if name != CRITIC]
    if result_format == "pairs" and critic.accuracy is not None:
        best = max(
            estimate.value
            for name in baseline_names
            if (estimate := scorers[name].accuracy) is not None
        )
        summary.update(
            accuracy=critic.accuracy.value,
            accuracy_low=critic.accuracy.low,
            accuracy_high=critic.accuracy.high,
            best_baseline_accuracy=best,
            lift_over_best_baseline=critic.accuracy.value - best,
        )
        for label, estimate in critic.by_label.items():
            summary[f"accuracy[{label}]"] = estimate.value
    if result_format == "scored" and critic.spearman is not None:
        summary.update(spearman=critic.spearman.value, spearman_low=critic.spearman.low)
        if critic.separation is not None:
            summary["separation"] = critic.separation.value
        if critic.spearman_within_groups is not None:
            summary["spearman_within_groups"] = critic.spearman_within_groups.value
    return summary


def run_critic_eval(
    dataset: Dataset,
    critic: Critic,
    *,
    repeats: int = 2,
    seed: int = 20260523,
    on_progress: Callable[[int, int], None] | None = None,
) -> EvalResult:
    """Score every row ``repeats`` times with the critic and once with every baseline."""
    if repeats < 1:
        raise ValueError(f"repeats must be ≥ 1, got {repeats}")
    started = datetime.now(UTC)
    clock = time.perf_counter()
    items = _items(dataset)
    score = critic_scorer(critic)
    passes: list[FloatArray] = []
    verdicts: list[str | None] = []
    critic_seconds = 0.0
    for repeat in range(repeats):
        pass_start = time.perf_counter()
        scored: list[float] = []
        for index, item in enumerate(items):
            value, verdict = score(item)
            scored.append(value)
            if repeat == 0:
                verdicts.append(verdict)
            if on_progress is not None:
                on_progress(repeat * len(items) + index + 1, repeats * len(items))
        if repeat == 0:
            critic_seconds = time.perf_counter() - pass_start
        passes.append(np.asarray(scored, dtype=float))
    all_scores: dict[str, FloatArray] = {CRITIC: passes[0]}
    for name, baseline in baselines(seed).items():
        all_scores[name] = np.asarray([baseline(item.text) for item in items], dtype=float)
    scorers: dict[str, ScorerMetrics] = {}
    critic_outcomes: FloatArray | None = None
    for name, values in all_scores.items():
        if dataset.format == "pairs":
            scorers[name], outcomes = _pair_metrics(dataset, values, seed)
            if name == CRITIC:
                critic_outcomes = outcomes
        else:
            scorers[name] = _scored_metrics(dataset, values, seed)
    consistency = _consistency(passes)
    throughput = len(items) / critic_seconds if critic_seconds > 0 else float("inf")
    if dataset.format == "pairs":
        assert critic_outcomes is not None
        row_scores = [
            RowScore(
                id=row.id,
                scores=[float(passes[0][2 * i]), float(passes[0][2 * i + 1])],
                correct=float(critic_outcomes[i]),
            )
            for i, row in enumerate(dataset.pairs)
        ]
    else:
        row_scores = [
            RowScore(id=row.id, scores=[float(passes[0][i])], outcome=row.outcome)
            for i, row in enumerate(dataset.scored)
        ]
    summary = _summary(dataset.format, scorers, consistency, throughput)
    agreement = _verdict_agreement(dataset, verdicts)
    if agreement is not None:
        summary["verdict_agreement"] = agreement
    return EvalResult(
        dataset_path=str(dataset.path),
        dataset_sha256=dataset.sha256,
        dataset_format=dataset.format,
        rows=dataset.size,
        critic_version=critic.version,
        critic_config=critic.config(),
        started_at=started.isoformat(),
        seconds=time.perf_counter() - clock,
        critic_items_per_second=throughput,
        scorers=scorers,
        consistency=consistency,
        summary=summary,
        row_scores=row_scores,
    )
