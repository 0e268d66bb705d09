"""The offline audience: same seed, same numbers; better content, better numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tools.analytics.metrics import performance_score
from tools.analytics.simulator import AudienceSimulator, SimulatedPost, slot_factor, topic_fit

NICHE = "personal finance, budgeting and security tips for busy people"
POST = SimulatedPost(
    key="post-1",
    platform="tiktok",
    topic="budgeting apps for busy people",
    hook_score=0.8,
    pacing_score=0.7,
    loop_score=0.7,
    length_sec=20,
    posted_local=datetime(2026, 12, 1, 19, 0),
)


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    first = AudienceSimulator(7, NICHE).simulate(POST, 24)
    assert AudienceSimulator(7, NICHE).simulate(POST, 24) == first
    assert AudienceSimulator(8, NICHE).simulate(POST, 24) != first


def test_numbers_grow_with_time_and_saturate() -> None:
    sim = AudienceSimulator(7, NICHE)
    views = [sim.simulate(POST, h)["views"] for h in (1, 24, 72, 168)]
    assert views == sorted(views) and views[0] < views[1]
    assert views[3] - views[2] < views[1] - views[0]  # most views arrive early on TikTok
    assert sim.simulate(POST, 0)["views"] == 0


def test_a_weak_hook_loses_reach_retention_and_score() -> None:
    sim = AudienceSimulator(7, NICHE)
    strong = sim.simulate(POST, 72)
    weak = sim.simulate(replace(POST, hook_score=0.2), 72)
    assert weak["views"] < strong["views"] * 0.8
    assert weak.get("retention", 1) < strong.get("retention", 0)
    assert performance_score(weak) < performance_score(strong)


def test_off_niche_topics_and_dead_hours_do_worse() -> None:
    sim = AudienceSimulator(7, NICHE)
    on_niche = sim.quality(POST)
    off_niche = sim.quality(replace(POST, topic="medieval pottery glazes"))
    assert off_niche < on_niche
    assert topic_fit("budgeting for busy people", NICHE) > topic_fit("pottery glazes", NICHE)
    assert slot_factor("tiktok", datetime(2026, 12, 1, 19, 30)) > slot_factor(
        "tiktok", datetime(2026, 12, 1, 4, 0)
    )
    assert slot_factor("linkedin", datetime(2026, 12, 1, 9, 0)) > slot_factor(
        "linkedin",
        datetime(2026, 12, 5, 9, 0),  # a Saturday
    )


def test_metrics_have_the_seed_shape_and_sane_ratios() -> None:
    m = AudienceSimulator(3, NICHE).simulate(POST, 168)
    assert set(m) == {
        "views",
        "impressions",
        "likes",
        "comments",
        "shares",
        "saves",
        "watch_time_sec",
        "ctr",
        "followers_delta",
        "retention",
    }
    assert m["impressions"] >= m["views"] > m["likes"] > m["comments"] >= 0
    assert 0 < m["ctr"] <= 1 and 0 < m["retention"] < 1
