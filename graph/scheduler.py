"""The embedded scheduler: enqueue what is due, then claim and run queued work until none is left.

One :meth:`Scheduler.tick` is a full pass: ``graph.due_work`` writes due work to the ``jobs``
table (idempotently), then this scheduler claims those jobs one at a time with the repositories'
atomic claim and runs each — weekly planning (the planning graph), production of a calendar
item (the production graph, trigger ``schedule_daily``, publishing at the item's time), a
trend-spike reel (trigger ``trend_spike``), one publishing attempt (``publish_post``), the
analytics snapshots due for a creator's posts, or a finished week's learning (report, strategy
update, memory reinforcement: the learning graph). Two
schedulers on one database therefore never run the same work twice, and a restarted one picks
up whatever is still queued. The clock is injected so tests can walk through a simulated week.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import select, update

from agents.planner import PlanningRequest
from agents.publisher import PublishingDeps, RefresherFor, no_refresher, publish_post
from graph.context import RunContext
from graph.due_work import DuePolicy, Enqueued, attempts_made, enqueue_due_work, week_of
from graph.learning import LearningDeps, SimulatedInsights, collect_due_snapshots, run_learning
from graph.planning import calendar_item_request, creator_platforms, run_weekly_planning
from graph.runs import RunStateError, resume_run, start_run
from storage.base import utcnow
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    CalendarItemStatus,
    ContentPillar,
    JobKind,
    JobStatus,
    Platform,
    PublishStatus,
    TriggerType,
)
from storage.identity import User
from storage.media import VideoReel
from storage.orchestration import AgentRun, Job
from storage.planning import CalendarItem
from storage.publishing import Post
from storage.repositories.jobs import claim_next_jobs
from tools.media_store import MediaStore

log = logging.getLogger(__name__)
MAX_TOPIC_CHARS = 160


@dataclass
class JobResult:
    kind: str
    key: str
    outcome: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class TickReport:
    now: datetime
    enqueued: Enqueued
    ran: list[JobResult] = field(default_factory=list)

    def count(self, kind: JobKind, outcome: str | None = None) -> int:
        return sum(
            1
            for r in self.ran
            if r.kind == kind.value and (outcome is None or r.outcome == outcome)
        )


class Scheduler:
    """Runs due work from the database; see the module docstring."""

    def __init__(
        self,
        ctx: RunContext,
        checkpointer: BaseCheckpointSaver[str],
        *,
        policy: DuePolicy | None = None,
        refresher_for: RefresherFor = no_refresher,
        learning: LearningDeps | None = None,
        worker_id: str | None = None,
        max_jobs_per_tick: int = 500,
    ) -> None:
        self.ctx = ctx
        # Without live insights (the CLI wires them), snapshots come from the simulator,
        # stored and reported as simulated.
        self.learning = learning or LearningDeps(SimulatedInsights())
        self.checkpointer = checkpointer
        self.policy = policy or DuePolicy()
        self.worker_id = worker_id or f"scheduler-{ctx.worker_node}-{uuid.uuid4().hex[:8]}"
        self.max_jobs_per_tick = max_jobs_per_tick
        self.publishing = PublishingDeps(
            session_factory=ctx.session_factory,
            box=ctx.box,
            media=MediaStore(ctx.media.media_dir),
            publisher_for=ctx.publisher_for,
            clock=ctx.clock,
            worker_node=self.worker_id,
            refresher_for=refresher_for,
        )
        self._handlers: dict[JobKind, Callable[[Job], JobResult]] = {
            JobKind.PLAN_WEEK: self._plan_week,
            JobKind.TREND_SPIKE: self._trend_spike,
            JobKind.PRODUCE_DUE_ITEMS: self._produce_item,
            JobKind.PUBLISH_POST: self._publish,
            JobKind.COLLECT_ANALYTICS: self._collect_analytics,
            JobKind.WEEKLY_REPORT: self._learn_week,
        }

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.ctx.clock

    def tick(self) -> TickReport:
        now = self.clock()
        with transaction(self.ctx.session_factory) as session:
            enqueued = enqueue_due_work(session, now, self.policy)
        report = TickReport(now=now, enqueued=enqueued)
        for _ in range(self.max_jobs_per_tick):
            job = self._claim()
            if job is None:
                break
            report.ran.append(self._run(job))
        return report

    def run_forever(
        self,
        interval_sec: float,
        stop: threading.Event,
        on_tick: Callable[[TickReport], None] | None = None,
    ) -> None:
        """Tick every ``interval_sec`` until ``stop`` is set; a failed tick is logged, not fatal."""
        while not stop.is_set():
            try:
                report = self.tick()
                if on_tick is not None:
                    on_tick(report)
            except Exception:
                log.exception("scheduler tick failed; retrying in %.0fs", interval_sec)
            stop.wait(interval_sec)

    # ------------------------------------------------------------------ claiming

    def _claim(self) -> Job | None:
        with transaction(self.ctx.session_factory) as session:
            jobs = claim_next_jobs(
                session, self.worker_id, limit=1, kinds=list(self._handlers), now=utcnow()
            )
            if not jobs:
                return None
            session.expunge(jobs[0])
            return jobs[0]

    def _run(self, job: Job) -> JobResult:
        handler = self._handlers[JobKind(job.kind)]
        try:
            result = handler(job)
        except Exception as exc:
            log.exception("scheduled %s job %s failed", job.kind, job.idempotency_key)
            error = {"type": type(exc).__name__, "message": str(exc)[:2000]}
            self._finish(job, JobStatus.FAILED, error_json=error)
            return JobResult(str(job.kind), job.idempotency_key or "", "error", error)
        self._finish(
            job, JobStatus.COMPLETED, result_json={"outcome": result.outcome, **result.detail}
        )
        return result

    def _finish(self, job: Job, status: JobStatus, **values: Any) -> None:
        with transaction(self.ctx.session_factory) as session:
            session.execute(
                update(Job)
                .where(Job.id == job.id, Job.worker_id == self.worker_id)
                .values(status=status, finished_at=utcnow(), progress_pct=100.0, **values)
            )

    def _result(self, job: Job, outcome: str, **detail: Any) -> JobResult:
        return JobResult(str(job.kind), job.idempotency_key or "", outcome, detail)

    # ------------------------------------------------------------------ handlers

    def _plan_week(self, job: Job) -> JobResult:
        assert job.user_id is not None
        outcome = run_weekly_planning(
            self.ctx, job.user_id, week_of(job.request_payload), job_id=job.id
        )
        return self._result(
            job,
            "planned" if outcome.created else "already_planned",
            calendar_id=outcome.calendar_id,
            version=outcome.version,
            items=outcome.items,
            run_id=outcome.run_id,
        )

    def _collect_analytics(self, job: Job) -> JobResult:
        assert job.user_id is not None
        taken = collect_due_snapshots(self.ctx, self.learning.insights, user_id=job.user_id)
        return self._result(job, "collected", snapshots=taken)

    def _learn_week(self, job: Job) -> JobResult:
        assert job.user_id is not None
        outcome = run_learning(self.ctx, job.user_id, week_of(job.request_payload), self.learning)
        return self._result(
            job,
            "reported",
            run_id=outcome.run_id,
            report_id=outcome.report_id,
            strategy_id=outcome.strategy_id,
            snapshots=outcome.snapshots,
        )

    def _produce_item(self, job: Job) -> JobResult:
        item_id = uuid.UUID(str(job.request_payload["calendar_item_id"]))
        with self.ctx.session_factory() as session:
            item = session.get(CalendarItem, item_id)
            if item is None:
                return self._result(job, "gone")
            session.expunge(item)
        if item.status != CalendarItemStatus.PLANNED or item.job_id is not None:
            return self._continue_production(job, item)
        return self._start_production(job, item)

    def _start_production(self, job: Job, item: CalendarItem) -> JobResult:
        with self.ctx.session_factory() as session:
            request = calendar_item_request(session, item)
        outcome = start_run(
            self.ctx, self.checkpointer, item.user_id, request, TriggerType.SCHEDULE_DAILY
        )
        return self._result(job, outcome.status, run_id=outcome.run_id, error=outcome.error)

    def _continue_production(self, job: Job, item: CalendarItem) -> JobResult:
        """An item whose run failed or whose scheduler died: resume the run from its checkpoint
        (or start afresh when it stopped before its first checkpoint)."""
        with self.ctx.session_factory() as session:
            run = session.scalars(
                select(AgentRun)
                .where(AgentRun.job_id == item.job_id)
                .order_by(AgentRun.started_at.desc())
            ).first()
        if run is None or run.status not in (AgentRunStatus.RUNNING, AgentRunStatus.FAILED):
            return self._result(job, f"item_{item.status}")
        try:
            outcome = resume_run(self.ctx, self.checkpointer, run.id)
        except RunStateError:
            if item.status != CalendarItemStatus.PLANNED:
                raise
            return self._start_production(job, item)
        return self._result(job, f"resumed_{outcome.status}", run_id=outcome.run_id)

    def _trend_spike(self, job: Job) -> JobResult:
        assert job.user_id is not None
        payload = job.request_payload
        topic = " ".join(str(payload.get("topic", "")).split())[:MAX_TOPIC_CHARS]
        with self.ctx.session_factory() as session:
            user = session.get_one(User, job.user_id)
            platforms = creator_platforms(session, user)
        if not platforms or not topic:
            return self._result(job, "nothing_to_do")
        hint = payload.get("platform_hint")
        lead = hint if hint in platforms else platforms[0]
        request = PlanningRequest(
            # The topic is feed text: it is passed as data in ``topic``, never as instructions.
            prompt="A quick trend-reaction reel on the trending topic given in the topic field",
            topic=topic,
            platform=Platform(lead),
            content_pillar=ContentPillar.TREND_REACTION,
        )
        outcome = start_run(
            self.ctx, self.checkpointer, job.user_id, request, TriggerType.TREND_SPIKE
        )
        return self._result(job, outcome.status, run_id=outcome.run_id, topic=topic)

    def _publish(self, job: Job) -> JobResult:
        post_id = uuid.UUID(str(job.request_payload["post_id"]))
        attempt = int(job.request_payload["attempt"])
        now = self.clock()
        with self.ctx.session_factory() as session:
            post = session.get(Post, post_id)
            if post is None:
                return self._result(job, "gone")
            due = (
                post.publish_status == PublishStatus.SCHEDULED
                and (post.scheduled_time is None or post.scheduled_time <= now)
                and attempts_made(session, post_id) + 1 == attempt
            )
            if not due:
                return self._result(job, f"not_due_{post.publish_status}")
        result = publish_post(self.publishing, post_id)
        if result.publish_status == PublishStatus.PUBLISHED:
            self._mark_item_published(result)
        return self._result(
            job,
            str(result.publish_status),
            post_id=str(post_id),
            platform_post_id=result.platform_post_id,
            error=result.error_json,
        )

    def _mark_item_published(self, post: Post) -> None:
        with transaction(self.ctx.session_factory) as session:
            reel = session.get(VideoReel, post.reel_id)
            if reel is None or reel.job_id is None:
                return
            session.execute(
                update(CalendarItem)
                .where(CalendarItem.job_id == reel.job_id)
                .values(status=CalendarItemStatus.PUBLISHED)
            )
