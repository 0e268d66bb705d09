"""The weekly calendar planner: which reels to make next week, for which platforms, and when.

Deterministic on purpose: the same inputs give the same week, so autonomous planning is
explainable and testable offline. It spreads ``posts_per_week`` items over the creator's local
week, rotates the lead platform across the creator's platforms and the content pillars, picks
topics from the strategy's ``topics_to_increase`` first, then rising trends (preferring ones
hinted for the item's platform), then past winners, and skips topics the strategy wants reduced.
A strategy's ``platform_timing_updates`` ("Mon 11:30") override the default posting hour, and
its ``twin_rotation`` (best twin first) assigns the items' twins in turn.

Trend topics are feed text: they are only ever copied into the ``topic`` field, never into an
instruction.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from storage.enums import ContentPillar

DEFAULT_POSTS_PER_WEEK = 5
DEFAULT_POSTING_HOUR = 18
DEFAULT_PILLARS = (
    ContentPillar.EDUCATION,
    ContentPillar.INSPIRATION,
    ContentPillar.TREND_REACTION,
    ContentPillar.ANNOUNCEMENT,
    ContentPillar.PROMOTION,
)
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_SLOT = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)\w*\s+(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)
FALLBACK_TOPICS = {
    ContentPillar.EDUCATION: "a quick lesson from my niche",
    ContentPillar.INSPIRATION: "a small win worth sharing",
    ContentPillar.ANNOUNCEMENT: "what is coming next on this channel",
    ContentPillar.PROMOTION: "the one tool I would recommend",
    ContentPillar.TREND_REACTION: "my take on this week's trend",
}


class TrendTopic(BaseModel):
    topic: str
    score: float
    platform_hint: str | None = None


class WeekInputs(BaseModel):
    """Everything the planner looks at, gathered by the planning graph."""

    week_start: date = Field(description="The Monday the week starts on, in the creator's zone.")
    timezone: str = "UTC"
    platforms: list[str] = Field(min_length=1)
    pillars: list[ContentPillar] = Field(default_factory=lambda: list(DEFAULT_PILLARS))
    posts_per_week: int = Field(default=DEFAULT_POSTS_PER_WEEK, ge=1, le=28)
    posting_hour: int = Field(default=DEFAULT_POSTING_HOUR, ge=0, le=23)
    trends: list[TrendTopic] = Field(default_factory=list)
    strategy: dict[str, Any] = Field(default_factory=dict)
    winning_topics: list[str] = Field(default_factory=list)
    not_before: datetime | None = Field(
        default=None, description="Items planned earlier than this (UTC) move to the next slot."
    )


class PlannedItem(BaseModel):
    planned_at: datetime = Field(description="The publishing moment, UTC.")
    platforms: list[str]
    pillar: ContentPillar
    topic: str
    twin: str | None = Field(default=None, description="The AI twin that fronts it, by name.")
    notes: str = ""


class WeekPlan(BaseModel):
    items: list[PlannedItem]
    summary: str


def plan_week(inputs: WeekInputs) -> WeekPlan:
    zone = ZoneInfo(inputs.timezone)
    platforms = list(dict.fromkeys(inputs.platforms))
    pillars = inputs.pillars or list(DEFAULT_PILLARS)
    n = inputs.posts_per_week
    reduce = [t.lower() for t in inputs.strategy.get("topics_to_reduce", []) if isinstance(t, str)]
    boosted = [t for t in inputs.strategy.get("topics_to_increase", []) if isinstance(t, str)]
    timings = _timings(inputs.strategy.get("platform_timing_updates"))
    twins = [t for t in inputs.strategy.get("twin_rotation", []) if isinstance(t, str) and t]
    used: set[str] = set()
    items: list[PlannedItem] = []
    for index in range(n):
        lead = platforms[index % len(platforms)]
        order = [lead, *[p for p in platforms if p != lead]]
        pillar = pillars[index % len(pillars)]
        day = inputs.week_start + timedelta(days=(index * 7) // n)
        local = _slot(day, lead, timings, inputs.posting_hour, zone)
        planned_at = local.astimezone(ZoneInfo("UTC"))
        if inputs.not_before is not None and planned_at < inputs.not_before:
            planned_at = inputs.not_before + timedelta(minutes=30 * (index + 1))
        topic, why = _topic(pillar, lead, boosted, inputs, used, reduce)
        used.add(topic.lower())
        twin = twins[index % len(twins)] if twins else None
        items.append(
            PlannedItem(
                planned_at=planned_at,
                platforms=order,
                pillar=pillar,
                topic=topic,
                twin=twin,
                notes=f"{why}; lead platform {lead}; {local:%a %H:%M} {inputs.timezone}"
                + (f"; twin {twin} (strategy rotation)" if twin else ""),
            )
        )
    summary = (
        f"{n} reels for the week of {inputs.week_start.isoformat()} across "
        f"{', '.join(platforms)}; pillars {', '.join(p.value for p in pillars[:n])}"
        + (f"; boosting {', '.join(boosted)}" if boosted else "")
    )
    return WeekPlan(items=items, summary=summary)


def _timings(raw: object) -> dict[str, list[tuple[int, time]]]:
    slots: dict[str, list[tuple[int, time]]] = {}
    if not isinstance(raw, dict):
        return slots
    for platform, values in raw.items():
        for value in values if isinstance(values, list) else []:
            match = _SLOT.match(str(value))
            if match:
                weekday = WEEKDAYS[match.group(1)[:3].lower()]
                slot = time(int(match.group(2)) % 24, int(match.group(3)) % 60)
                slots.setdefault(str(platform), []).append((weekday, slot))
    return slots


def _slot(
    day: date,
    platform: str,
    timings: dict[str, list[tuple[int, time]]],
    hour: int,
    zone: ZoneInfo,
) -> datetime:
    """The item's local time: the platform's strategy slot on that weekday, else the default."""
    for weekday, slot in timings.get(platform, []):
        if weekday == day.weekday():
            return datetime.combine(day, slot, tzinfo=zone)
    return datetime.combine(day, time(hour), tzinfo=zone)


def _topic(
    pillar: ContentPillar,
    platform: str,
    boosted: list[str],
    inputs: WeekInputs,
    used: set[str],
    reduce: list[str],
) -> tuple[str, str]:
    def fresh(topic: str) -> bool:
        low = topic.lower()
        return low not in used and not any(r and r in low for r in reduce)

    if pillar != ContentPillar.TREND_REACTION:
        for topic in boosted:
            if fresh(topic):
                return topic, "strategy: topic to increase"
    trends = sorted(
        inputs.trends,
        key=lambda t: (t.platform_hint not in (platform, None), -t.score, t.topic),
    )
    for trend in trends:
        if fresh(trend.topic):
            return trend.topic, f"trend {trend.score:.2f}"
    for topic in inputs.winning_topics:
        if topic and fresh(topic):
            return topic, "past winner"
    return FALLBACK_TOPICS[pillar], "pillar default"
