"""What a platform asks of a reel, as numbers the critic checks against.

The graph builds :class:`PlatformRules` from the ``platform_profiles`` table; evals and tests,
which run without a database, use :func:`default_rules`. The defaults are editorial starting
points, not measurements: short-form guidance commonly cites a 1–3 s window to stop the scroll
(LinkedIn's feed is slower, so 4 s), natural English narration runs about 2.3–2.8 words per
second (150–170 wpm), and loop/replay counts weigh most on TikTok and YouTube Shorts, whose
ranking leans on completion and replays. The accept thresholds were set so that the golden
set's "good" scripts pass and its deliberately broken ones do not (see docs/critic.md).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from agents.decisions import MAX_REEL_SECONDS, PLATFORMS, Platform


class PlatformRules(BaseModel):
    """The platform numbers the critic scores a story against."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: Platform
    ideal_length_sec: float = Field(gt=0, le=MAX_REEL_SECONDS)
    hook_window_seconds: float = Field(gt=0, le=10)
    loop_weight: float = Field(ge=0, le=1, description="How much replays matter here.")
    ideal_words_per_second: float = Field(gt=0.5, le=5)
    max_duration_sec: float = Field(gt=0, le=MAX_REEL_SECONDS)
    accept_threshold: float = Field(gt=0, lt=1)


_DEFAULTS: dict[Platform, tuple[float, float, float, float, float]] = {
    # platform: (ideal_length_sec, hook_window_seconds, loop_weight, ideal_wps, accept_threshold)
    "tiktok": (21, 3.0, 0.35, 2.6, 0.75),
    "instagram": (20, 3.0, 0.30, 2.5, 0.75),
    "youtube_shorts": (25, 3.0, 0.35, 2.6, 0.75),
    "facebook": (20, 3.0, 0.20, 2.4, 0.72),
    "threads": (15, 3.0, 0.15, 2.4, 0.72),
    "linkedin": (30, 4.0, 0.10, 2.3, 0.72),
    "fanbase": (20, 3.0, 0.25, 2.5, 0.72),
    "spill": (15, 2.5, 0.25, 2.6, 0.72),
}


def default_rules(platform: str) -> PlatformRules:
    """Built-in rules for a platform, for runs without a ``platform_profiles`` table."""
    if platform not in _DEFAULTS:
        raise ValueError(f"unknown platform {platform!r}; valid: {', '.join(PLATFORMS)}")
    length, window, loop_weight, wps, threshold = _DEFAULTS[platform]
    return PlatformRules(
        platform=platform,
        ideal_length_sec=length,
        hook_window_seconds=window,
        loop_weight=loop_weight,
        ideal_words_per_second=wps,
        max_duration_sec=MAX_REEL_SECONDS,
        accept_threshold=threshold,
    )


def rules_from_profile(
    platform: str,
    *,
    ideal_length_sec: float | None = None,
    hook_window_seconds: float | None = None,
    loop_weight: float | None = None,
    ideal_words_per_second: float | None = None,
    accept_threshold: float | None = None,
    max_duration_sec: float | None = None,
) -> PlatformRules:
    """Rules from a ``platform_profiles`` row; columns it lacks (or NULLs) keep the defaults.

    The table stores ideal length, hook window and loop weight; pace and the accept threshold
    are critic settings, so the graph passes them only when it has its own.
    """
    base = default_rules(platform)
    overrides = {
        "ideal_length_sec": ideal_length_sec,
        "hook_window_seconds": hook_window_seconds,
        "loop_weight": loop_weight,
        "ideal_words_per_second": ideal_words_per_second,
        "accept_threshold": accept_threshold,
        "max_duration_sec": max_duration_sec,
    }
    merged = {**base.model_dump(), **{k: v for k, v in overrides.items() if v is not None}}
    return PlatformRules.model_validate(merged)
