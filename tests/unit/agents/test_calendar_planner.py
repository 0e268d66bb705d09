"""The weekly calendar planner: local times across DST, rotation, strategy and trend topics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from agents.calendar_planner import TrendTopic, WeekInputs, plan_week
from storage.enums import ContentPillar


def test_items_spread_over_the_local_week_at_the_posting_hour_across_dst() -> None:
    # The week of 27 Oct 2025: Europe/Rome leaves summer time on Sunday 26 Oct, New York on 2 Nov.
    plan = plan_week(
        WeekInputs(
            week_start=date(2025, 10, 27),
            timezone="America/New_York",
            platforms=["tiktok", "instagram"],
            posts_per_week=7,
            posting_hour=9,
        )
    )
    local = [i.planned_at.astimezone(ZoneInfo("America/New_York")) for i in plan.items]
    assert [d.date().day for d in local] == [27, 28, 29, 30, 31, 1, 2]
    assert all(d.hour == 9 for d in local)
    # 9:00 is 13:00 UTC before New York's change and 14:00 UTC on the Sunday after it.
    assert plan.items[0].planned_at.hour == 13 and plan.items[-1].planned_at.hour == 14
    assert all(i.planned_at.tzinfo is not None for i in plan.items)
    assert [i.platforms[0] for i in plan.items][:3] == ["tiktok", "instagram", "tiktok"]
    assert plan.items[0].platforms == ["tiktok", "instagram"]


def test_strategy_boosts_and_reduces_topics_and_moves_platform_slots() -> None:
    plan = plan_week(
        WeekInputs(
            week_start=date(2026, 11, 30),
            timezone="UTC",
            platforms=["tiktok"],
            pillars=[ContentPillar.EDUCATION, ContentPillar.TREND_REACTION],
            posts_per_week=4,
            trends=[
                TrendTopic(topic="Crypto price commentary", score=0.99),
                TrendTopic(topic="Passkeys at banks", score=0.9, platform_hint="tiktok"),
                TrendTopic(topic="Desk setups", score=0.95, platform_hint="instagram"),
            ],
            strategy={
                "topics_to_increase": ["Web3 security"],
                "topics_to_reduce": ["crypto price"],
                "platform_timing_updates": {"tiktok": ["Mon 11:30"]},
            },
            winning_topics=["Sleep myths"],
        )
    )
    topics = [i.topic for i in plan.items]
    assert topics[0] == "Web3 security"  # education: the strategy's topic first
    assert topics[1] == "Passkeys at banks"  # trend reaction: the trend hinted for TikTok
    assert "Crypto price commentary" not in topics
    assert plan.items[0].planned_at == datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
    assert len(set(topics)) == len(topics)


def test_the_strategy_twin_rotation_fronts_items_in_turn() -> None:
    inputs = WeekInputs(week_start=date(2026, 11, 30), platforms=["tiktok"], posts_per_week=3)
    assert [i.twin for i in plan_week(inputs).items] == [None, None, None]
    rotated = plan_week(
        inputs.model_copy(update={"strategy": {"twin_rotation": ["Space Twin", "Goddess Twin"]}})
    )
    assert [i.twin for i in rotated.items] == ["Space Twin", "Goddess Twin", "Space Twin"]
    assert "twin Goddess Twin" in rotated.items[1].notes


def test_items_never_land_in_the_past() -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    plan = plan_week(
        WeekInputs(week_start=date(2026, 11, 30), platforms=["tiktok"], not_before=now)
    )
    assert all(i.planned_at > now for i in plan.items)
