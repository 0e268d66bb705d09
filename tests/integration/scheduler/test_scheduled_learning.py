"""The scheduler closes the learning loop by itself: snapshots at +1 h/+24 h/+72 h after each
post goes out, then, early on the Monday after the week, the weekly report and strategy update,
once."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from api.runtime import Runtime
from graph.due_work import enqueue_job
from graph.scheduler import Scheduler
from storage.analytics import AnalyticsSnapshot, StrategyUpdate, WeeklyReport
from storage.database import transaction
from storage.enums import JobKind, JobStatus, NotificationType, PublishStatus
from storage.identity import Notification
from storage.orchestration import Job
from storage.publishing import Post
from tests.integration.scheduler.conftest import Clock

TICK = timedelta(hours=3)


def test_snapshots_then_the_weekly_report_run_from_the_scheduler(
    rt: Runtime,
    creator: uuid.UUID,
    clock: Clock,
    make_scheduler: Callable[..., AbstractContextManager[Scheduler]],
) -> None:
    # Sunday morning → Tuesday night: the week is planned, Monday's and Tuesday's reels go out
    # at 18:00 Rome and their +1 h marks are collected on the next tick.
    with make_scheduler() as scheduler:
        while clock.now <= datetime(2026, 12, 1, 21, 0, tzinfo=UTC):
            scheduler.tick()
            clock.advance(TICK)
        with rt.session_factory() as session:
            posts = session.scalars(
                select(Post).where(Post.publish_status == PublishStatus.PUBLISHED)
            ).all()
            assert posts
            first_marks = session.scalars(select(AnalyticsSnapshot)).all()
            assert {s.post_id for s in first_marks} == {p.id for p in posts}
            assert {s.notes for s in first_marks} <= {"+1h", "+24h"}
            assert all(s.is_simulated for s in first_marks)  # outbox posts: the simulator

        # An earlier scheduler's attempt at the week's learning failed (a crash mid-report).
        failed_key = f"weekly_report:{creator}:2026-11-30"
        with transaction(rt.session_factory) as session:
            enqueue_job(
                session,
                kind=JobKind.WEEKLY_REPORT,
                key=failed_key,
                user_id=creator,
                payload={"week_start": "2026-11-30"},
            )
            session.execute(
                update(Job).where(Job.idempotency_key == failed_key).values(status=JobStatus.FAILED)
            )

        # Early Monday after the week (06:30 in Rome): learning is due, and retried.
        clock.now = datetime(2026, 12, 7, 5, 30, tzinfo=UTC)
        first = scheduler.tick()
        second = scheduler.tick()

    ran = Counter(r.kind for r in first.ran)
    assert ran[JobKind.WEEKLY_REPORT.value] == 1
    assert ran[JobKind.COLLECT_ANALYTICS.value] == 1
    assert not [r for r in second.ran if r.kind == JobKind.WEEKLY_REPORT.value]
    assert not [r for r in first.ran + second.ran if r.outcome == "error"], first.ran
    with rt.session_factory() as session:
        snapshots = session.scalars(select(AnalyticsSnapshot)).all()
        by_post = Counter(s.post_id for s in snapshots)
        assert by_post == Counter({p.id: 3 for p in posts})  # +1h, +24h, +72h; +7d not yet
        reports = session.scalars(select(WeeklyReport).where(WeeklyReport.user_id == creator))
        (report,) = reports.all()
        assert report.week_start.isoformat() == "2026-11-30"
        assert report.pdf_uri
        strategy = session.scalars(
            select(StrategyUpdate).where(StrategyUpdate.user_id == creator)
        ).one()
        assert set(strategy.adjustments_json) >= {"topics_to_increase", "platform_timing_updates"}
        kinds = {n.type for n in session.scalars(select(Notification))}
        assert {NotificationType.WEEKLY_REPORT_READY, NotificationType.STRATEGY_UPDATE} <= kinds
        learning_jobs = session.scalars(
            select(Job).where(Job.kind == JobKind.WEEKLY_REPORT).order_by(Job.created_at)
        ).all()
        assert [(j.idempotency_key, j.status) for j in learning_jobs] == [
            (failed_key, JobStatus.FAILED),
            (f"{failed_key}:retry1", JobStatus.COMPLETED),
        ]
