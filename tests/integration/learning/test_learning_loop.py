"""Two simulated weeks through the learning loop: snapshots, reports a creator can open,
strategy updates the next plan follows, and memory scores that move."""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from evals.critic.dataset import load_dataset
from graph.learning import calibration_rows
from storage.analytics import AnalyticsSnapshot, StrategyUpdate, WeeklyReport
from storage.creative import AiTwin
from storage.enums import (
    AgentRunStatus,
    AgentState,
    EventType,
    NotificationType,
    PublishStatus,
)
from storage.identity import Agent, Notification
from storage.memory import CreativeMemory
from storage.orchestration import AgentRun, EventLog
from storage.planning import CalendarItem, ContentCalendar
from storage.publishing import Post
from tests.integration.learning.conftest import SimulatedWeeks
from tools.media_store import MediaStore

STRATEGY_KEYS = {
    "topics_to_increase",
    "topics_to_reduce",
    "platform_timing_updates",
    "tone_adjustments",
    "twin_rotation",
}
SLOT = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d$")


def test_every_published_post_gets_simulated_snapshots_at_each_mark(
    two_weeks: SimulatedWeeks,
) -> None:
    week_one = two_weeks.weeks[0].week_start
    with two_weeks.rt.session_factory() as session:
        posts = session.scalars(
            select(Post).where(Post.publish_status == PublishStatus.PUBLISHED)
        ).all()
        assert len(posts) >= 6  # 3 reels a week, each on the creator's platforms
        week_two = datetime.combine(week_one + timedelta(days=7), time(0), UTC)
        first_week_posts = [p for p in posts if p.published_at and p.published_at < week_two]
        assert first_week_posts
        for post in first_week_posts:
            snaps = session.scalars(
                select(AnalyticsSnapshot)
                .where(AnalyticsSnapshot.post_id == post.id)
                .order_by(AnalyticsSnapshot.captured_at)
            ).all()
            assert [s.notes for s in snaps] == ["+1h", "+24h", "+72h", "+7d"]
            assert all(s.is_simulated for s in snaps)
            views = [s.metrics_json["views"] for s in snaps]
            assert views == sorted(views) and views[-1] > 0
            assert post.published_at is not None
            assert (snaps[0].captured_at - post.published_at).total_seconds() == 3600


def test_weekly_reports_have_numbers_top_posts_insights_and_documents(
    two_weeks: SimulatedWeeks,
) -> None:
    store = MediaStore(two_weeks.data_dir / "media")
    with two_weeks.rt.session_factory() as session:
        reports = session.scalars(
            select(WeeklyReport)
            .where(WeeklyReport.user_id == two_weeks.user_id)
            .order_by(WeeklyReport.week_start)
        ).all()
        assert [r.week_start for r in reports] == [w.week_start for w in two_weeks.weeks]
        for report in reports:
            totals = report.aggregate_metrics_json["totals"]
            per_platform = report.aggregate_metrics_json["per_platform"]
            assert totals["views"] == sum(p["views"] for p in per_platform.values()) > 0
            assert totals["posts"] == sum(p["posts"] for p in per_platform.values())
            assert report.aggregate_metrics_json["simulated"] is True
            assert report.top_posts and {"post_id", "score", "title", "link"} <= set(
                report.top_posts[0]
            )
            scores = [p["score"] for p in report.top_posts]
            assert scores == sorted(scores, reverse=True)
            assert "simulated" in report.insights and "Best post" in report.insights
            assert report.pdf_uri and report.pdf_uri.startswith("media://")
            pdf = store.path_for(report.pdf_uri)
            raw = pdf.read_bytes()
            assert raw.startswith(b"%PDF")
            assert len(re.findall(rb"/Type\s*/Page\b(?!s)", raw)) == 4  # summary + 3 charts
            html = pdf.with_suffix(".html").read_text()
            assert "SIMULATED" in html
            images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
            assert len(images) == 3
            assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)


def test_strategy_updates_have_the_seed_shape_and_take_effect_next_week(
    two_weeks: SimulatedWeeks,
) -> None:
    with two_weeks.rt.session_factory() as session:
        updates = session.scalars(
            select(StrategyUpdate)
            .where(StrategyUpdate.user_id == two_weeks.user_id)
            .order_by(StrategyUpdate.effective_start_date)
        ).all()
    assert len(updates) == 2
    for update, week in zip(updates, two_weeks.weeks, strict=True):
        adjustments = update.adjustments_json
        assert set(adjustments) == STRATEGY_KEYS
        assert (update.effective_start_date - week.week_start).days == 7
        assert update.source_report_id is not None
        assert all(isinstance(t, str) for t in adjustments["topics_to_increase"])
        assert all(isinstance(t, str) for t in adjustments["topics_to_reduce"])
        assert not set(adjustments["topics_to_increase"]) & set(adjustments["topics_to_reduce"])
        for platform, slots in adjustments["platform_timing_updates"].items():
            assert platform in {"tiktok", "instagram", "youtube_shorts"}
            assert slots and all(SLOT.match(s) for s in slots)
        assert all(isinstance(v, str) for v in adjustments["tone_adjustments"].values())
        assert adjustments["twin_rotation"] and all(
            isinstance(n, str) for n in adjustments["twin_rotation"]
        )
    assert updates[0].adjustments_json["topics_to_increase"]


def test_the_next_plan_follows_the_strategy_update(two_weeks: SimulatedWeeks) -> None:
    first, second = two_weeks.weeks
    assert first.learning is not None
    boosted = first.learning.adjustments["topics_to_increase"]
    reduced = first.learning.adjustments["topics_to_reduce"]
    assert not any("strategy" in why for _, why in first.planned)
    planned_topics = [topic for topic, _ in second.planned]
    for topic in boosted:
        assert topic in planned_topics
    assert any(why == "strategy: topic to increase" for _, why in second.planned)
    assert not set(reduced) & set(planned_topics)
    assert [t for t, _ in first.planned] != planned_topics
    with two_weeks.rt.session_factory() as session:
        calendars = session.scalars(
            select(ContentCalendar)
            .where(ContentCalendar.user_id == two_weeks.user_id)
            .order_by(ContentCalendar.version)
        ).all()
        assert "boosting" in calendars[1].strategy_summary
        items = session.scalars(
            select(CalendarItem).where(CalendarItem.calendar_id == calendars[1].id)
        ).all()
        assert {i.topic for i in items} >= set(boosted)
        # The twins that front the items follow the strategy's rotation, best first.
        rotation = first.learning.adjustments["twin_rotation"]
        assert rotation
        fronting = [session.get_one(AiTwin, i.ai_twin_id).name for i in items if i.ai_twin_id]
        assert len(fronting) == len(items)
        assert set(fronting) <= set(rotation)


def test_memory_scores_move_winners_above_losers(two_weeks: SimulatedWeeks) -> None:
    first = two_weeks.weeks[0]
    assert first.learning is not None
    moves = first.learning.memory_moves
    assert len(moves) >= 8  # hook, persona, emotion curve and topic of each of 2 reels
    assert any(abs(new - old) > 0.01 for old, new in moves.values())
    jobs = [r["job_id"] for r in first.produced]
    with two_weeks.rt.session_factory() as session:
        by_job = {
            job: {
                m.id: m.score
                for m in session.scalars(
                    select(CreativeMemory).where(CreativeMemory.reference_id.like(f"{job}:%"))
                )
            }
            for job in jobs
        }
    assert all(len(mem) == 4 for mem in by_job.values())
    with two_weeks.rt.session_factory() as session:
        event = session.scalars(
            select(EventLog).where(
                EventLog.run_id == uuid.UUID(first.learning.run_id),
                EventLog.event_type == EventType.MEMORY_UPDATED,
            )
        ).one()
    targets = event.meta_json["targets"]
    best, worst = max(targets, key=targets.get), min(targets, key=targets.get)
    assert targets[best] == 1.0 and targets[worst] == 0.3  # the week's winner and loser

    def change(job: str) -> float:
        ids = {str(m) for m in by_job[job]}
        return sum(new - old for mid, (old, new) in moves.items() if mid in ids)

    assert change(best) > 0 > change(worst)  # winners rise, losers fade


def test_learning_runs_are_audited(two_weeks: SimulatedWeeks) -> None:
    with two_weeks.rt.session_factory() as session:
        kinds = [
            n.type
            for n in session.scalars(
                select(Notification).where(Notification.user_id == two_weeks.user_id)
            )
        ]
        assert kinds.count(NotificationType.WEEKLY_REPORT_READY) == 2
        assert kinds.count(NotificationType.STRATEGY_UPDATE) == 2
        events = [e.event_type for e in session.scalars(select(EventLog))]
        for kind in (
            EventType.ANALYTICS_COLLECTED,
            EventType.REPORT_GENERATED,
            EventType.STRATEGY_ADJUSTED,
            EventType.MEMORY_UPDATED,
        ):
            assert events.count(kind) == 2, kind
        runs = [
            session.get_one(AgentRun, uuid.UUID(w.learning.run_id))
            for w in two_weeks.weeks
            if w.learning
        ]
        assert all(r.status == AgentRunStatus.COMPLETED and "snapshots" in r.summary for r in runs)
        agent = session.scalars(select(Agent).where(Agent.user_id == two_weeks.user_id)).one()
        assert agent.state == AgentState.IDLE


def test_calibration_export_loads_as_a_scored_eval_dataset(
    two_weeks: SimulatedWeeks, tmp_path: Path
) -> None:
    with two_weeks.rt.session_factory() as session:
        rows = calibration_rows(session, two_weeks.user_id)
    assert rows and all(0 <= r["outcome"] <= 1 and r["critic_total"] is not None for r in rows)
    out = tmp_path / "calibration.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    dataset = load_dataset(out)
    assert dataset.format == "scored" and dataset.size == len(rows)
    assert {row.group for row in dataset.scored} <= {"tiktok", "instagram", "youtube_shorts"}
