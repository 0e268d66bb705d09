"""A calendar item whose production run fails is resumed from its checkpoint on the next pass."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from api.runtime import Runtime
from graph.scheduler import Scheduler
from storage.enums import (
    AgentRunStatus,
    CalendarItemStatus,
    JobKind,
    PublishStatus,
    TriggerType,
)
from storage.media import VideoReel
from storage.orchestration import AgentRun, Job
from storage.planning import CalendarItem
from storage.publishing import Post
from tests.integration.scheduler.conftest import Clock


class FailFirstRender:
    """A progress sink that blows up the first render, like a crashed render worker would."""

    def __init__(self) -> None:
        self.failed = False

    def __call__(self, event: Mapping[str, Any]) -> None:
        if event.get("step") == "media" and event.get("status") == "started" and not self.failed:
            self.failed = True
            raise RuntimeError("the render worker died")


def test_a_failed_item_run_is_resumed_not_restarted_and_still_published_once(
    rt: Runtime,
    creator: uuid.UUID,
    clock: Clock,
    make_scheduler: Callable[..., AbstractContextManager[Scheduler]],
) -> None:
    rt.settings.production_lead_hours = 3.0
    with make_scheduler() as base:
        scheduler = Scheduler(
            dataclasses.replace(base.ctx, progress=FailFirstRender()),
            base.checkpointer,
            policy=base.policy,
            worker_id="flaky-node",
        )
        scheduler.tick()  # Sunday: plans the week
        clock.now = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
        failed = scheduler.tick()
        assert [r.outcome for r in failed.ran if r.kind == JobKind.PRODUCE_DUE_ITEMS] == ["failed"]

        clock.advance(timedelta(minutes=30))
        resumed = scheduler.tick()
        outcomes = [r.outcome for r in resumed.ran if r.kind == JobKind.PRODUCE_DUE_ITEMS]
        assert outcomes == ["resumed_completed"]

        clock.now = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
        scheduler.tick()
        clock.advance(timedelta(hours=1))
        assert scheduler.tick().count(JobKind.PRODUCE_DUE_ITEMS) == 0

    with rt.session_factory() as session:
        item = session.scalars(select(CalendarItem).order_by(CalendarItem.planned_date)).first()
        assert item is not None and item.status == CalendarItemStatus.PUBLISHED
        runs = session.scalars(
            select(AgentRun).where(AgentRun.trigger_type == TriggerType.SCHEDULE_DAILY)
        ).all()
        assert len(runs) == 1 and runs[0].status == AgentRunStatus.COMPLETED
        assert runs[0].job_id == item.job_id
        reels = session.scalars(select(VideoReel).where(VideoReel.job_id == item.job_id)).all()
        assert len(reels) == 1
        posts = session.scalars(select(Post).where(Post.reel_id == reels[0].id)).all()
        assert len(posts) == 3
        assert all(p.publish_status == PublishStatus.PUBLISHED for p in posts)
        jobs = session.scalars(
            select(Job.idempotency_key).where(Job.kind == JobKind.PRODUCE_DUE_ITEMS)
        ).all()
        assert sorted(str(k) for k in jobs) == [
            f"produce:{item.id}",
            f"produce:{item.id}:{item.job_id}",
        ]
