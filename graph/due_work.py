"""What is due, turned into queued ``Job`` rows with idempotency keys.

Everything the scheduler will do is first written to the ``jobs`` table under a key that names
the work exactly once (``plan_week:<user>:<monday>``, ``produce:<item>``,
``publish:<post>:<attempt>``, ``trend_spike:<user>:<local day>``,
``collect_analytics:<user>:<hour>``, ``weekly_report:<user>:<monday>``). Inserting a key that exists
is a no-op (``ON CONFLICT DO NOTHING``), so any number of schedulers can look at the same
database and enqueue the same work once; claiming (``storage.repositories.claim_next_jobs``)
then hands each job to exactly one of them. Because the queue lives in the database, a restarted
scheduler carries on where the previous one stopped; work a dead scheduler had claimed is
released again after its lease.

Domain times (what is due) come from the caller's clock; leases compare wall-clock times,
because they are about whether a process is still alive.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from graph.learning import due_snapshots, week_bounds
from graph.planning import next_week_start
from storage.analytics import WeeklyReport
from storage.base import utcnow
from storage.enums import (
    CalendarItemStatus,
    JobKind,
    JobStatus,
    PublisherTaskStatus,
    PublishStatus,
    UserStatus,
)
from storage.identity import SocialAccount, User
from storage.orchestration import Job
from storage.planning import CalendarItem, TrendSignal
from storage.publishing import Post, PublisherTask
from storage.repositories.posts import due_posts

SCHEDULER_KINDS = (
    JobKind.PLAN_WEEK,
    JobKind.TREND_SPIKE,
    JobKind.PRODUCE_DUE_ITEMS,
    JobKind.PUBLISH_POST,
    JobKind.COLLECT_ANALYTICS,
    JobKind.WEEKLY_REPORT,
)
# A week is learned from this long after it ends (early Monday), once late numbers settle.
LEARN_AFTER = timedelta(hours=6)
LEARNING_ATTEMPTS = 3  # a week's learning that failed is retried on later passes, this often


@dataclass(frozen=True)
class DuePolicy:
    """How far ahead to produce, when to give up on a missed item, what counts as a spike."""

    production_lead: timedelta = timedelta(hours=24)
    missed_after: timedelta = timedelta(hours=12)
    trend_threshold: float = 0.85
    trend_window: timedelta = timedelta(hours=24)
    lease: timedelta = timedelta(hours=2)
    publish_batch: int = 100
    learn_after: timedelta = LEARN_AFTER


@dataclass
class Enqueued:
    """How many jobs of each kind this pass added (existing keys are not counted)."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped_items: int = 0
    released_jobs: int = 0
    released_posts: int = 0

    def add(self, kind: JobKind, inserted: bool) -> None:
        if inserted:
            self.counts[kind.value] = self.counts.get(kind.value, 0) + 1


def enqueue_job(
    session: Session,
    *,
    kind: JobKind,
    key: str,
    user_id: uuid.UUID | None,
    payload: dict[str, Any],
) -> bool:
    """Queue a job under ``key`` unless one exists; True when this call created it."""
    now = utcnow()
    values = {
        "id": uuid.uuid4(),
        "user_id": user_id,
        "kind": kind,
        "status": JobStatus.QUEUED,
        "request_payload": payload,
        "idempotency_key": key,
        "attempts": 0,
        "progress_pct": 0.0,
        "created_at": now,
        "updated_at": now,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = session.execute(
        insert(Job).values(**values).on_conflict_do_nothing(index_elements=["idempotency_key"])
    )
    return bool(getattr(result, "rowcount", 0))


def planning_users(session: Session) -> Sequence[User]:
    """Active creators with at least one connected account."""
    connected = select(SocialAccount.user_id).where(SocialAccount.is_connected.is_(True))
    return session.scalars(
        select(User)
        .where(User.status == UserStatus.ACTIVE, User.id.in_(connected))
        .order_by(User.created_at)
    ).all()


def enqueue_weekly_planning(session: Session, now: datetime, out: Enqueued) -> None:
    for user in planning_users(session):
        week = next_week_start(now, user.timezone or "UTC")
        inserted = enqueue_job(
            session,
            kind=JobKind.PLAN_WEEK,
            key=f"plan_week:{user.id}:{week.isoformat()}",
            user_id=user.id,
            payload={"week_start": week.isoformat()},
        )
        out.add(JobKind.PLAN_WEEK, inserted)


def enqueue_trend_spikes(session: Session, now: datetime, policy: DuePolicy, out: Enqueued) -> None:
    """At most one spike run per creator per local day, for the strongest fresh signal."""
    signal = session.scalars(
        select(TrendSignal)
        .where(
            TrendSignal.score >= policy.trend_threshold,
            TrendSignal.collected_at >= now - policy.trend_window,
            TrendSignal.collected_at <= now,
        )
        .order_by(TrendSignal.score.desc(), TrendSignal.collected_at.desc())
    ).first()
    if signal is None:
        return
    for user in planning_users(session):
        day = now.astimezone(ZoneInfo(user.timezone or "UTC")).date()
        inserted = enqueue_job(
            session,
            kind=JobKind.TREND_SPIKE,
            key=f"trend_spike:{user.id}:{day.isoformat()}",
            user_id=user.id,
            payload={
                "trend_signal_id": str(signal.id),
                "topic": signal.topic,
                "platform_hint": str(signal.platform_hint) if signal.platform_hint else None,
                "score": signal.score,
            },
        )
        out.add(JobKind.TREND_SPIKE, inserted)


def enqueue_due_items(session: Session, now: datetime, policy: DuePolicy, out: Enqueued) -> None:
    """Planned items due within the production lead; items missed by too much are skipped."""
    missed = session.execute(
        update(CalendarItem)
        .where(
            CalendarItem.status == CalendarItemStatus.PLANNED,
            CalendarItem.planned_date < now - policy.missed_after,
        )
        .values(status=CalendarItemStatus.SKIPPED)
        .execution_options(synchronize_session=False)
    )
    out.skipped_items += int(getattr(missed, "rowcount", 0) or 0)
    items = session.scalars(
        select(CalendarItem)
        .where(
            CalendarItem.status == CalendarItemStatus.PLANNED,
            CalendarItem.planned_date <= now + policy.production_lead,
        )
        .order_by(CalendarItem.planned_date)
    ).all()
    for item in items:
        # An item back in ``planned`` with a job is one whose run failed: it gets one more job,
        # which resumes that run from its checkpoint (a new key per failed production job).
        key = f"produce:{item.id}" if item.job_id is None else f"produce:{item.id}:{item.job_id}"
        inserted = enqueue_job(
            session,
            kind=JobKind.PRODUCE_DUE_ITEMS,
            key=key,
            user_id=item.user_id,
            payload={"calendar_item_id": str(item.id)},
        )
        out.add(JobKind.PRODUCE_DUE_ITEMS, inserted)


def attempts_made(session: Session, post_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(PublisherTask).where(PublisherTask.post_id == post_id)
        )
        or 0
    )


def enqueue_due_posts(session: Session, now: datetime, policy: DuePolicy, out: Enqueued) -> None:
    """Scheduled posts whose time (or retry time) has come; one job per attempt."""
    for post in due_posts(session, now, policy.publish_batch):
        attempt = attempts_made(session, post.id) + 1
        inserted = enqueue_job(
            session,
            kind=JobKind.PUBLISH_POST,
            key=f"publish:{post.id}:{attempt}",
            user_id=post.user_id,
            payload={"post_id": str(post.id), "attempt": attempt},
        )
        out.add(JobKind.PUBLISH_POST, inserted)


def release_abandoned(session: Session, policy: DuePolicy, out: Enqueued) -> None:
    """Give back work a dead scheduler held past its lease (wall clock)."""
    cutoff = utcnow() - policy.lease
    released = session.execute(
        update(Job)
        .where(
            Job.kind.in_(list(SCHEDULER_KINDS)),
            Job.status == JobStatus.RUNNING,
            Job.claimed_at < cutoff,
        )
        .values(status=JobStatus.QUEUED, worker_id=None)
        .execution_options(synchronize_session=False)
    )
    out.released_jobs += int(getattr(released, "rowcount", 0) or 0)
    stuck = session.scalars(
        select(PublisherTask).where(
            PublisherTask.status == PublisherTaskStatus.IN_PROGRESS,
            PublisherTask.updated_at < cutoff,
        )
    ).all()
    for task in stuck:
        task.status = PublisherTaskStatus.FAILED
        task.error_json = {"type": "Abandoned", "message": "the worker stopped mid-attempt"}
        post = session.get(Post, task.post_id)
        if post is not None and post.publish_status == PublishStatus.PUBLISHING:
            # Due again now; publish_post resumes the saved platform session.
            post.publish_status = PublishStatus.SCHEDULED
            out.released_posts += 1


def enqueue_due_analytics(session: Session, now: datetime, out: Enqueued) -> None:
    """One collection job per creator per hour while any of their posts has a mark due
    (+1 h, +24 h, +72 h, +7 d after publishing)."""
    due_posts_ids = {item.post_id for item in due_snapshots(session, now)}
    if not due_posts_ids:
        return
    users = session.scalars(select(Post.user_id).where(Post.id.in_(due_posts_ids)).distinct()).all()
    for user_id in users:
        inserted = enqueue_job(
            session,
            kind=JobKind.COLLECT_ANALYTICS,
            key=f"collect_analytics:{user_id}:{now:%Y-%m-%dT%H}",
            user_id=user_id,
            payload={},
        )
        out.add(JobKind.COLLECT_ANALYTICS, inserted)


def last_finished_week(now: datetime, timezone: str) -> date:
    """The Monday of the last full local week before ``now``."""
    return next_week_start(now, timezone) - timedelta(days=14)


def enqueue_weekly_learning(
    session: Session, now: datetime, policy: DuePolicy, out: Enqueued
) -> None:
    """The weekly report and strategy update for each creator's last finished week that had
    published posts and has no report yet, ``learn_after`` the week ended; a failed attempt
    gets a new key (``…:retry1``), up to ``LEARNING_ATTEMPTS``."""
    for user in planning_users(session):
        zone = user.timezone or "UTC"
        week = last_finished_week(now - policy.learn_after, zone)
        reported = session.scalar(
            select(WeeklyReport.id).where(
                WeeklyReport.user_id == user.id, WeeklyReport.week_start == week
            )
        )
        if reported is not None:
            continue
        start, end = week_bounds(week, zone)
        published = session.scalar(
            select(Post.id)
            .where(
                Post.user_id == user.id,
                Post.publish_status == PublishStatus.PUBLISHED,
                Post.published_at >= start,
                Post.published_at < end,
            )
            .limit(1)
        )
        if published is None:
            continue
        key = f"weekly_report:{user.id}:{week.isoformat()}"
        failed = (
            session.scalar(
                select(func.count())
                .select_from(Job)
                .where(
                    Job.kind == JobKind.WEEKLY_REPORT,
                    Job.idempotency_key.startswith(key, autoescape=True),
                    Job.status == JobStatus.FAILED,
                )
            )
            or 0
        )
        if failed >= LEARNING_ATTEMPTS:
            continue  # left failed, with its error, for `twinreel report weekly` by hand
        inserted = enqueue_job(
            session,
            kind=JobKind.WEEKLY_REPORT,
            key=key if not failed else f"{key}:retry{failed}",
            user_id=user.id,
            payload={"week_start": week.isoformat()},
        )
        out.add(JobKind.WEEKLY_REPORT, inserted)


def enqueue_due_work(session: Session, now: datetime, policy: DuePolicy) -> Enqueued:
    """One pass over everything that may be due; safe to run from any number of schedulers."""
    out = Enqueued()
    release_abandoned(session, policy, out)
    enqueue_weekly_planning(session, now, out)
    enqueue_trend_spikes(session, now, policy, out)
    enqueue_due_items(session, now, policy, out)
    enqueue_due_posts(session, now, policy, out)
    enqueue_due_analytics(session, now, out)
    enqueue_weekly_learning(session, now, policy, out)
    return out


def week_of(payload: dict[str, Any]) -> date:
    return date.fromisoformat(str(payload["week_start"]))
