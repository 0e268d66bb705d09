"""The analyst's numbers: aggregates, top posts, insights and the §13.1 strategy update."""

from __future__ import annotations

from agents.analyst import (
    PostResult,
    aggregate,
    derive_strategy_update,
    offline_insights,
    top_posts,
    write_insights,
)
from tools.analytics.metrics import make_metrics, performance_score


def result(
    post_id: str,
    topic: str,
    views: int,
    *,
    platform: str = "tiktok",
    slot: str = "Mon 18:00",
    tone: str = "educational",
    twin: str = "Space Twin",
    rating: float | None = None,
    critic: float = 0.8,
) -> PostResult:
    metrics = make_metrics(
        views=views, likes=views * 0.06, comments=views * 0.01, shares=views * 0.01
    )
    return PostResult(
        post_id=post_id,
        platform=platform,
        title=f"{topic} reel",
        topic=topic,
        link=f"https://example.test/{post_id}",
        slot=slot,
        metrics=metrics,
        score=performance_score(metrics),
        simulated=True,
        tone=tone,
        twin=twin,
        critic_total=critic,
        critic_hook=critic,
        rating=rating,
    )


WEEK = [
    result("p1", "passkeys", 9000, slot="Thu 19:00", twin="Hyperreal Twin"),
    result("p2", "budget apps", 2500, slot="Mon 11:30"),
    result("p3", "crypto prices", 300, slot="Tue 08:00", tone="trending"),
    result("p4", "passkeys", 4000, platform="instagram", slot="Wed 12:00"),
    result("p5", "crypto prices", 900, platform="instagram", slot="Sat 09:00", tone="trending"),
    result("p6", "budget apps", 2000, platform="instagram", slot="Wed 18:00", tone="trending"),
]


def test_strategy_update_has_exactly_the_seed_shape_and_follows_the_numbers() -> None:
    update = derive_strategy_update(WEEK)
    assert list(update) == [
        "topics_to_increase",
        "topics_to_reduce",
        "platform_timing_updates",
        "tone_adjustments",
        "twin_rotation",
    ]
    assert update["topics_to_increase"][0] == "passkeys"
    assert update["topics_to_reduce"] == ["crypto prices"]
    assert update["platform_timing_updates"]["tiktok"][0] == "Thu 19:00"
    assert update["platform_timing_updates"]["instagram"][0] == "Wed 12:00"
    assert update["tone_adjustments"] == {"tiktok": "educational", "instagram": "educational"}
    assert update["twin_rotation"] == ["Hyperreal Twin", "Space Twin"]


def test_creator_ratings_and_critic_scores_weigh_in() -> None:
    close = [result("a", "topic a", 2000), result("b", "topic b", 2100)]
    assert derive_strategy_update(close)["topics_to_increase"] == []  # a 5 % gap is noise
    rated = [result("a", "topic a", 2000, rating=5), result("b", "topic b", 2100, rating=1)]
    update = derive_strategy_update(rated)
    assert update["topics_to_increase"] == ["topic a"]
    assert update["topics_to_reduce"] == ["topic b"]
    judged = [result("a", "topic a", 2000, critic=0.95), result("b", "topic b", 2000, critic=0.4)]
    assert derive_strategy_update(judged)["topics_to_increase"] == ["topic a"]


def test_a_quiet_week_keeps_what_was_learned() -> None:
    previous = {
        "topics_to_increase": ["passkeys"],
        "topics_to_reduce": ["crypto prices"],
        "platform_timing_updates": {"linkedin": ["Tue 08:30"]},
        "tone_adjustments": {"linkedin": "thought_leadership"},
        "twin_rotation": ["Goddess Twin"],
    }
    update = derive_strategy_update([result("x", "passkeys", 1000, twin="")], previous)
    assert update["platform_timing_updates"]["linkedin"] == ["Tue 08:30"]
    assert update["tone_adjustments"]["linkedin"] == "thought_leadership"
    assert update["twin_rotation"] == ["Goddess Twin"]
    assert update["topics_to_reduce"] == ["crypto prices"]  # not measured again: still reduced
    measured = [result("y", "crypto prices", 3000), result("z", "passkeys", 1000)]
    assert derive_strategy_update(measured, previous)["topics_to_reduce"] == ["passkeys"]
    assert derive_strategy_update([], previous)["topics_to_increase"] == []


def test_aggregate_top_posts_and_offline_insights() -> None:
    numbers = aggregate(WEEK)
    assert numbers["totals"]["views"] == sum(r.metrics["views"] for r in WEEK)
    assert set(numbers["per_platform"]) == {"tiktok", "instagram"}
    assert numbers["per_platform"]["tiktok"]["posts"] == 3
    assert numbers["simulated"] is True
    top = top_posts(WEEK, limit=3)
    assert [p["post_id"] for p in top] == ["p1", "p4", "p2"]
    before = {"per_platform": {"tiktok": {"views": 5900}}}
    insights = offline_insights(WEEK, numbers, before)
    text = insights.as_text()
    assert "simulated audience" in insights.headline
    assert 'Best post: "passkeys reel" on tiktok (9,000 views' in text
    assert "tiktok: 3 posts, 11,800 views, +100% vs last week." in text
    assert any("crypto prices" in s for s in insights.next_steps)
    assert write_insights(None, WEEK, numbers, before) == insights
    empty = offline_insights([], aggregate([]))
    assert "nothing to measure" in empty.headline
