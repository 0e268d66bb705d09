"""The analyst agent: a week's numbers → report insights and next week's strategy update.

Both outputs are computed from the numbers first, deterministically, so they are the same
offline and online and can be tested: the insights name the best and worst topics, the best
slots and how each platform moved against last week; the strategy update (seed 000 §13.1) lists
topics to increase and reduce, the best posting slots per platform, the tone that won per
platform and the twins in order of results. A configured chat model only rephrases the
insights for the creator (``ask_structured`` with :class:`ReportInsights`); it never decides
the strategy, whose shape and reasons must stay auditable.

A post's standing (reports) blends its measured outcome with the critic's pre-publication score
(a prior that matters while a topic has only a post or two) and the creator's own 1–5 rating; the
strategy compares posts by their lift over the same platform's median of the week, so audience
size differences between platforms do not decide which topic wins.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, median, pstdev
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agents.structured_call import ask_structured
from tools.analytics.metrics import COUNT_KEYS, PostMetrics, engagement_rate

OUTCOME_WEIGHT = 0.8  # the rest is the critic's score
RATING_WEIGHT = 0.05  # per star away from a neutral 3
MAX_TOPICS_UP = 3
MAX_TOPICS_DOWN = 2
MAX_SLOTS = 2
NOISE_FLOOR = 0.05  # lifts (log2 against the platform's median) smaller than this are noise
CRITIC_PRIOR = 0.5  # how much a critic total above the week's mean adds to a post's lift
STRATEGY_KEYS = (
    "topics_to_increase",
    "topics_to_reduce",
    "platform_timing_updates",
    "tone_adjustments",
    "twin_rotation",
)

INSIGHTS_PROMPT = """You are the analyst of a short-form video creator's content agent.
Rewrite the findings below as a short weekly report for the creator: a one-line headline,
3-8 findings and 2-4 next steps. Keep every number exactly as given; add no new numbers,
topics or claims. Plain, encouraging, specific."""


@dataclass(frozen=True)
class PostResult:
    """One published post of the week with everything the analyst judges it by."""

    post_id: str
    platform: str
    title: str
    topic: str
    link: str | None
    slot: str  # local "Mon 19:00"
    metrics: PostMetrics
    score: float  # performance_score of the latest snapshot, 0–1
    simulated: bool
    tone: str | None = None
    hook_type: str | None = None
    twin: str | None = None
    critic_total: float | None = None
    critic_hook: float | None = None
    rating: float | None = None  # mean creator rating 1–5 of the post/reel/script

    @property
    def standing(self) -> float:
        """Outcome blended with the critic's prior and the creator's rating."""
        value = self.score
        if self.critic_total is not None:
            value = OUTCOME_WEIGHT * self.score + (1 - OUTCOME_WEIGHT) * self.critic_total
        if self.rating is not None:
            value += RATING_WEIGHT * (self.rating - 3.0)
        return round(value, 4)


class ReportInsights(BaseModel):
    """What the weekly report says in words."""

    headline: str = Field(description="One line: the week in a sentence.")
    findings: list[str] = Field(description="3-8 findings, each one sentence with its number.")
    next_steps: list[str] = Field(description="2-4 concrete things to do next week.")

    def as_text(self) -> str:
        lines = [self.headline, "", "Findings:"]
        lines += [f"- {f}" for f in self.findings]
        lines += ["", "Next week:"]
        lines += [f"- {s}" for s in self.next_steps]
        return "\n".join(lines)


def _sum_metrics(results: Iterable[PostResult]) -> dict[str, Any]:
    chosen = list(results)
    totals: dict[str, Any] = {key: sum(r.metrics[key] for r in chosen) for key in COUNT_KEYS}  # type: ignore[literal-required]
    totals["posts"] = len(chosen)
    views = max(int(totals["views"]), 1)
    totals["engagement_rate"] = round(
        sum(engagement_rate(r.metrics) * r.metrics["views"] for r in chosen) / views, 4
    )
    shown = int(totals["impressions"])
    totals["ctr"] = round(int(totals["views"]) / shown, 4) if shown else 0.0
    totals["avg_score"] = round(fmean(r.score for r in chosen), 4) if chosen else 0.0
    return totals


def aggregate(results: Sequence[PostResult]) -> dict[str, Any]:
    """``{"totals": {...}, "per_platform": {platform: {...}}, "simulated": bool}``."""
    by_platform: dict[str, list[PostResult]] = defaultdict(list)
    for result in results:
        by_platform[result.platform].append(result)
    return {
        "totals": _sum_metrics(results),
        "per_platform": {p: _sum_metrics(rs) for p, rs in sorted(by_platform.items())},
        "simulated": any(r.simulated for r in results),
    }


def top_posts(results: Sequence[PostResult], limit: int = 5) -> list[dict[str, Any]]:
    """Seed 000 §6.2 ``top_posts``: ``[{post_id, score, title, link}]`` best first."""
    ranked = sorted(results, key=lambda r: (-r.score, r.post_id))[:limit]
    return [
        {
            "post_id": r.post_id,
            "score": r.score,
            "title": r.title,
            "link": r.link,
            "platform": r.platform,
            "views": r.metrics["views"],
        }
        for r in ranked
    ]


def _means(
    results: Iterable[PostResult], key: str, values: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Mean of ``values`` (default: standing) per distinct ``key`` attribute of the posts."""
    groups: dict[str, list[float]] = defaultdict(list)
    for result in results:
        name = getattr(result, key)
        if name:
            value = values[result.post_id] if values is not None else result.standing
            groups[str(name)].append(value)
    return {name: fmean(vs) for name, vs in groups.items()}


def lifts(results: Sequence[PostResult]) -> dict[str, float]:
    """Each post against its platform's median this week (log2: +1 is twice as good).

    Views and engagement per view are compared within a platform, because a TikTok and a
    LinkedIn audience are not the same size; the critic's score (against the week's mean) is a
    prior and the creator's 1–5 rating a nudge, as in :attr:`PostResult.standing`.
    """
    by_platform: dict[str, list[PostResult]] = defaultdict(list)
    for result in results:
        by_platform[result.platform].append(result)
    critics = [r.critic_total for r in results if r.critic_total is not None]
    critic_mean = fmean(critics) if critics else 0.0
    found: dict[str, float] = {}
    for group in by_platform.values():
        views = median(r.metrics["views"] for r in group)
        rate = median(engagement_rate(r.metrics) for r in group)
        for r in group:
            lift = 0.7 * math.log2((r.metrics["views"] + 1) / (views + 1))
            lift += 0.3 * math.log2((engagement_rate(r.metrics) + 1e-4) / (rate + 1e-4))
            if r.critic_total is not None:
                lift += CRITIC_PRIOR * (r.critic_total - critic_mean)
            if r.rating is not None:
                lift += 2 * RATING_WEIGHT * (r.rating - 3.0)
            found[r.post_id] = round(lift, 4)
    return found


def _ranked(means: Mapping[str, float]) -> list[str]:
    return sorted(means, key=lambda name: (-means[name], name))


def derive_strategy_update(
    results: Sequence[PostResult], previous: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Seed 000 §13.1 ``adjustments_json`` from a week of results (see the module docstring).

    What a week says nothing about (a platform with one tone, no twin recorded) keeps last
    week's adjustment, so one quiet week does not erase what was learned.
    """
    before = dict(previous or {})
    lift = lifts(results)
    topics = _means(results, "topic", lift)
    average = fmean(topics.values()) if topics else 0.0
    ranked = _ranked(topics)
    # Relative to this week's spread: the creator's own best and worst, not absolute sizes.
    cut = max(0.5 * pstdev(topics.values()), NOISE_FLOOR) if topics else NOISE_FLOOR
    increase = [t for t in ranked if topics[t] > average + NOISE_FLOOR][:MAX_TOPICS_UP]
    low = [t for t in reversed(ranked) if topics[t] < average - cut and t not in increase]
    reduce = low[:MAX_TOPICS_DOWN]
    # Reduced topics stay reduced until a week measures them again.
    for topic in before.get("topics_to_reduce", []):
        if isinstance(topic, str) and topic not in topics and topic not in reduce:
            reduce.append(topic)
    reduce = reduce[: MAX_TOPICS_DOWN * 2]

    timing: dict[str, list[str]] = {}
    tones: dict[str, str] = {
        str(k): str(v) for k, v in dict(before.get("tone_adjustments") or {}).items()
    }
    platforms = sorted({r.platform for r in results})
    for platform in platforms:
        mine = [r for r in results if r.platform == platform]
        slots = _means(mine, "slot", lift)
        floor = fmean(slots.values())
        timing[platform] = [s for s in _ranked(slots) if slots[s] >= floor][:MAX_SLOTS]
        tone_means = _means(mine, "tone", lift)
        if len(tone_means) >= 2:
            tones[platform] = _ranked(tone_means)[0]
    for platform, slots_before in dict(before.get("platform_timing_updates") or {}).items():
        timing.setdefault(str(platform), [str(s) for s in slots_before])

    twins = _ranked(_means(results, "twin", lift)) or [
        str(t) for t in before.get("twin_rotation", [])
    ]
    return {
        "topics_to_increase": increase,
        "topics_to_reduce": reduce,
        "platform_timing_updates": timing,
        "tone_adjustments": tones,
        "twin_rotation": twins,
    }


def _pct_change(now: float, before: float) -> str:
    if before <= 0:
        return "new"
    return f"{(now - before) / before:+.0%}"


def offline_insights(
    results: Sequence[PostResult],
    numbers: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
) -> ReportInsights:
    """Insights computed from the numbers alone (same facts a model would be given)."""
    totals = numbers["totals"]
    if not results:
        return ReportInsights(
            headline="No posts were published this week, so there is nothing to measure yet.",
            findings=["0 posts published."],
            next_steps=["Publish at least three reels so next week's report can compare them."],
        )
    marker = " (simulated audience)" if numbers.get("simulated") else ""
    headline = (
        f"{totals['posts']} posts reached {totals['views']:,} views{marker} with "
        f"{totals['engagement_rate']:.1%} weighted engagement."
    )
    findings: list[str] = []
    best = max(results, key=lambda r: (r.score, r.post_id))
    worst = min(results, key=lambda r: (r.score, r.post_id))
    findings.append(
        f'Best post: "{best.title}" on {best.platform} ({best.metrics["views"]:,} views, '
        f"score {best.score:.2f})."
    )
    if worst.post_id != best.post_id:
        findings.append(
            f'Weakest post: "{worst.title}" on {worst.platform} '
            f"({worst.metrics['views']:,} views, score {worst.score:.2f})."
        )
    topics = _means(results, "topic")
    if len(topics) >= 2:
        ranked = _ranked(topics)
        findings.append(
            f"Top topic: {ranked[0]} ({topics[ranked[0]]:.2f}); weakest: {ranked[-1]} "
            f"({topics[ranked[-1]]:.2f})."
        )
    slots = _means(results, "slot")
    if slots:
        slot = _ranked(slots)[0]
        findings.append(f"Best slot: {slot} (standing {slots[slot]:.2f}).")
    before = (previous or {}).get("per_platform", {})
    for platform, row in numbers["per_platform"].items():
        old = before.get(platform)
        change = f", {_pct_change(row['views'], old['views'])} vs last week" if old else ""
        findings.append(f"{platform}: {row['posts']} posts, {row['views']:,} views{change}.")
    hooks = [r for r in results if r.critic_hook is not None]
    if len(hooks) >= 2:
        strong = [r.score for r in hooks if (r.critic_hook or 0) >= 0.7]
        weak = [r.score for r in hooks if (r.critic_hook or 0) < 0.7]
        if strong and weak:
            findings.append(
                f"Posts with a critic hook score ≥ 0.70 averaged {fmean(strong):.2f} against "
                f"{fmean(weak):.2f} for the rest."
            )
    strategy = derive_strategy_update(results)
    steps: list[str] = []
    if strategy["topics_to_increase"]:
        steps.append("Make more on: " + ", ".join(strategy["topics_to_increase"]) + ".")
    if strategy["topics_to_reduce"]:
        steps.append("Make less on: " + ", ".join(strategy["topics_to_reduce"]) + ".")
    for platform, slot_list in strategy["platform_timing_updates"].items():
        if slot_list:
            steps.append(f"Post on {platform} at {', '.join(slot_list)}.")
    return ReportInsights(
        headline=headline,
        findings=findings[:8],
        next_steps=steps[:4] or ["Keep the current mix; the week was even across topics."],
    )


def write_insights(
    model: BaseChatModel | None,
    results: Sequence[PostResult],
    numbers: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
    *,
    callbacks: Sequence[BaseCallbackHandler] | None = None,
) -> ReportInsights:
    """The offline insights, rephrased by ``model`` when one is given (None: offline)."""
    facts = offline_insights(results, numbers, previous)
    if model is None or not results:
        return facts
    messages = [
        SystemMessage(INSIGHTS_PROMPT),
        HumanMessage(facts.model_dump_json(indent=2)),
    ]
    return ask_structured(model, ReportInsights, messages, callbacks=callbacks)
