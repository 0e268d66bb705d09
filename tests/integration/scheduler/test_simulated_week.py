"""A simulated week of autonomous runs: every due item planned, produced and published once."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from api.runtime import Runtime
from graph.scheduler import Scheduler, TickReport
from storage.enums import (
    AgentRunStatus,
    CalendarItemStatus,
    JobKind,
    JobStatus,
    PublishStatus,
    TriggerType,
)
from storage.media import VideoReel
from storage.orchestration import AgentRun, Job
from storage.planning import CalendarItem, ContentCalendar
from storage.publishing import Post, PublisherTask
from tests.integration.scheduler.conftest import Clock

TICK = timedelta(hours=3)


@pytest.mark.slow
def test_a_simulated_week_produces_and_publishes_every_item_exactly_once(
    rt: Runtime,
    creator: uuid.UUID,
    clock: Clock,
    make_scheduler: Callable[..., AbstractContextManager[Scheduler]],
) -> None:
    end = clock.now + timedelta(days=7, hours=3)  # Sunday 6 Dec noon in Rome
    reports: list[TickReport] = []
    # Halfway through, the scheduler "restarts": a new one carries on from the database.
    for stop_at in (clock.now + timedelta(days=3), end):
        with make_scheduler() as scheduler:
            while clock.now < stop_at:
                reports.append(scheduler.tick())
                clock.advance(TICK)

    with rt.session_factory() as session:
        calendars = session.scalars(
            select(ContentCalendar)
            .where(ContentCalendar.user_id == creator)
            .order_by(ContentCalendar.version)
        ).all()
        first = calendars[0]
        assert first.period_start.isoformat() == "2026-11-30"
        assert [c.version for c in calendars] == list(range(1, len(calendars) + 1))
        assert len(calendars) == 2  # planned on Sunday for this week, on Monday for the next
        items = session.scalars(
            select(CalendarItem)
            .where(CalendarItem.calendar_id == first.id)
            .order_by(CalendarItem.planned_date)
        ).all()
        assert len(items) == 5
        assert len({i.content_pillar for i in items}) == 5
        lead_platforms = [i.planned_platforms[0] for i in items]
        assert set(lead_platforms) == {"tiktok", "instagram", "youtube_shorts"}
        for item in items:
            local = item.planned_date.astimezone(ZoneInfo("Europe/Rome"))
            assert local.hour == 18, item.planned_date

        produce_jobs = session.scalars(
            select(Job).where(Job.kind == JobKind.PRODUCE_DUE_ITEMS)
        ).all()
        assert Counter(j.idempotency_key for j in produce_jobs) == Counter(
            {f"produce:{i.id}": 1 for i in items}
        )
        assert all(j.status == JobStatus.COMPLETED for j in produce_jobs)

        for item in items:
            assert item.status == CalendarItemStatus.PUBLISHED, item.notes
            assert item.job_id is not None
            reels = session.scalars(select(VideoReel).where(VideoReel.job_id == item.job_id)).all()
            assert len(reels) == 1
            posts = session.scalars(select(Post).where(Post.reel_id == reels[0].id)).all()
            assert sorted(p.platform for p in posts) == sorted(item.planned_platforms)
            for post in posts:
                assert post.publish_status == PublishStatus.PUBLISHED
                assert post.published_at is not None
                # Not early, and out within one scheduler tick of its time.
                assert item.planned_date <= post.published_at < item.planned_date + TICK
                tasks = session.scalars(
                    select(PublisherTask).where(PublisherTask.post_id == post.id)
                ).all()
                assert len(tasks) == 1

        runs = session.scalars(select(AgentRun).where(AgentRun.user_id == creator)).all()
        triggers = Counter(r.trigger_type for r in runs)
        assert triggers[TriggerType.SCHEDULE_WEEKLY] == 2
        assert triggers[TriggerType.SCHEDULE_DAILY] == 5
        assert all(r.status == AgentRunStatus.COMPLETED for r in runs), [
            (r.trigger_type, r.status, r.summary) for r in runs
        ]
        publish_jobs = session.scalars(select(Job).where(Job.kind == JobKind.PUBLISH_POST)).all()
        assert len(publish_jobs) == 15
        assert len({j.idempotency_key for j in publish_jobs}) == 15

    ran = Counter(r.kind for report in reports for r in report.ran)
    assert ran[JobKind.PUBLISH_POST.value] == 15
    assert ran[JobKind.PRODUCE_DUE_ITEMS.value] == 5
