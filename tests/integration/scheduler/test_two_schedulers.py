"""Two schedulers on one database, ticking at the same moment, never run the same work twice."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from api.runtime import Runtime
from graph.scheduler import Scheduler, TickReport
from storage.enums import JobKind, PublishStatus, TriggerType
from storage.orchestration import AgentRun, Job
from storage.planning import CalendarItem, ContentCalendar
from storage.publishing import Post, PublisherTask
from tests.integration.scheduler.conftest import Clock


def tick_together(schedulers: list[Scheduler]) -> list[TickReport]:
    barrier = threading.Barrier(len(schedulers))
    reports: list[TickReport | BaseException] = [RuntimeError("did not run")] * len(schedulers)

    def work(index: int) -> None:
        barrier.wait()
        try:
            reports[index] = schedulers[index].tick()
        except BaseException as exc:  # surfaced below
            reports[index] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(schedulers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    for report in reports:
        if isinstance(report, BaseException):
            raise report
    return [r for r in reports if isinstance(r, TickReport)]


def ran(reports: list[TickReport], kind: JobKind) -> list[str]:
    return [r.key for report in reports for r in report.ran if r.kind == kind.value]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_schedulers_share_the_work_without_doing_any_twice(
    rt: Runtime,
    creator: uuid.UUID,
    clock: Clock,
    make_scheduler: Callable[..., AbstractContextManager[Scheduler]],
) -> None:
    rt.settings.production_lead_hours = 3.0  # only Monday's item is produced in this test
    with ExitStack() as stack:
        pair = [stack.enter_context(make_scheduler(worker_id=f"node-{n}")) for n in "ab"]

        planning = tick_together(pair)  # Sunday: next week is planned once
        assert len(ran(planning, JobKind.PLAN_WEEK)) == 1

        clock.now = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Monday, 2 h before item 1
        production = tick_together(pair)
        produced = ran(production, JobKind.PRODUCE_DUE_ITEMS)
        assert len(produced) == len(set(produced)) == 1

        clock.now = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # item 1's publishing time
        publishing = tick_together(pair)
        published = ran(publishing, JobKind.PUBLISH_POST)
        assert len(published) == len(set(published)) == 3

    with rt.session_factory() as session:
        first = session.scalars(select(ContentCalendar).where(ContentCalendar.version == 1)).one()
        assert first.period_start.isoformat() == "2026-11-30"
        duplicated_keys = session.execute(
            select(Job.idempotency_key, func.count())
            .group_by(Job.idempotency_key)
            .having(func.count() > 1)
        ).all()
        assert duplicated_keys == []
        periods = session.scalars(select(ContentCalendar.period_start)).all()
        assert len(periods) == len(set(periods))
        monday = session.scalars(
            select(CalendarItem)
            .where(CalendarItem.calendar_id == first.id)
            .order_by(CalendarItem.planned_date)
        ).first()
        assert monday is not None and monday.job_id is not None
        posts = session.scalars(select(Post)).all()
        assert len(posts) == 3
        assert all(p.publish_status == PublishStatus.PUBLISHED for p in posts)
        attempts = Counter(session.scalars(select(PublisherTask.post_id)).all())
        assert set(attempts.values()) == {1}
        daily = session.scalar(
            select(func.count())
            .select_from(AgentRun)
            .where(AgentRun.trigger_type == TriggerType.SCHEDULE_DAILY)
        )
        assert daily == 1
