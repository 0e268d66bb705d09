"""The normalised metrics every insights source returns, and one score derived from them.

Platforms name and count things differently (Instagram "saved", YouTube "estimatedMinutesWatched",
TikTok has no impressions); clients translate into this one shape so reports, strategy and
memory reinforcement compare like with like.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NotRequired, TypedDict

COUNT_KEYS = (
    "views",
    "impressions",
    "likes",
    "comments",
    "shares",
    "saves",
    "watch_time_sec",
    "followers_delta",
)
REFERENCE_VIEWS = 20_000  # a "very good" short for a small creator; views above it saturate


class PostMetrics(TypedDict):
    """Seed 000 §13.2 ``metrics_json``; ``retention`` (0–1) only when the platform gives it."""

    views: int
    impressions: int
    likes: int
    comments: int
    shares: int
    saves: int
    watch_time_sec: int
    ctr: float
    followers_delta: int
    retention: NotRequired[float]


def make_metrics(
    *,
    views: float = 0,
    impressions: float | None = None,
    likes: float = 0,
    comments: float = 0,
    shares: float = 0,
    saves: float = 0,
    watch_time_sec: float = 0,
    ctr: float | None = None,
    followers_delta: float = 0,
    retention: float | None = None,
) -> PostMetrics:
    """Whole counts, and the fallbacks a platform without a figure gets.

    Without impressions the views stand in for them; without a click-through rate the share of
    impressions that became views (the feed's "play rate") stands in for it.
    """
    shown = views if impressions is None or impressions <= 0 else impressions
    rate = ctr if ctr is not None else (views / shown if shown > 0 else 0.0)
    metrics = PostMetrics(
        views=round(views),
        impressions=round(shown),
        likes=round(likes),
        comments=round(comments),
        shares=round(shares),
        saves=round(saves),
        watch_time_sec=round(watch_time_sec),
        ctr=round(min(max(rate, 0.0), 1.0), 4),
        followers_delta=round(followers_delta),
    )
    if retention is not None:
        metrics["retention"] = round(min(max(retention, 0.0), 1.0), 4)
    return metrics


def metrics_from_json(raw: Mapping[str, object]) -> PostMetrics:
    """A stored ``metrics_json`` back as :class:`PostMetrics` (missing numbers count as 0)."""

    def number(key: str) -> float:
        value = raw.get(key, 0)
        return float(value) if isinstance(value, int | float) else 0.0

    retention = raw.get("retention")
    return make_metrics(
        views=number("views"),
        impressions=number("impressions") or None,
        likes=number("likes"),
        comments=number("comments"),
        shares=number("shares"),
        saves=number("saves"),
        watch_time_sec=number("watch_time_sec"),
        ctr=number("ctr"),
        followers_delta=number("followers_delta"),
        retention=float(retention) if isinstance(retention, int | float) else None,
    )


def engagement_rate(metrics: PostMetrics) -> float:
    """Interactions per view, weighting the ones that spread a post (shares, saves) higher."""
    views = max(metrics["views"], 1)
    weighted = (
        metrics["likes"] + 2 * metrics["comments"] + 3 * metrics["shares"] + 3 * metrics["saves"]
    )
    return weighted / views


def performance_score(metrics: PostMetrics) -> float:
    """One number in [0, 1] for "how well did this post do", comparable across platforms.

    Reach on a log scale (so one viral post does not flatten the rest), engagement per view,
    and retention when known; this is the outcome memory and critic calibration learn from.
    """
    reach = math.log10(1 + metrics["views"]) / math.log10(1 + REFERENCE_VIEWS)
    engagement = engagement_rate(metrics) / 0.25
    retention = metrics.get("retention")
    parts = [(0.5, min(reach, 1.0)), (0.35, min(engagement, 1.0))]
    parts.append((0.15, retention if retention is not None else min(engagement, 1.0)))
    return round(sum(weight * value for weight, value in parts), 4)
