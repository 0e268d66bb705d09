"""Job-queue polling and claiming.

Claiming must hand each job to exactly one worker. PostgreSQL does it with
``SELECT … FOR UPDATE SKIP LOCKED`` (workers skip each other's rows instead of waiting);
SQLite has no row locks, but a single ``UPDATE … WHERE status='queued' … RETURNING`` is atomic
because SQLite serialises writers, so the same job can never be claimed twice there either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.enums import JobKind, JobStatus, RenderStatus
from storage.media import RenderJob
from storage.orchestration import Job


def queued_jobs_query(limit: int = 1, kinds: Sequence[JobKind] | None = None) -> Select[Job]:
    """Oldest queued jobs first; uses ix_jobs_status_created_at."""
    query = select(Job).where(Job.status == JobStatus.QUEUED)
    if kinds:
        query = query.where(Job.kind.in_(list(kinds)))
    return query.order_by(Job.created_at).limit(limit)


def claim_next_jobs(
    session: Session,
    worker_id: str,
    limit: int = 1,
    kinds: Sequence[JobKind] | None = None,
    now: datetime | None = None,
) -> list[Job]:
    """Atomically move up to ``limit`` queued jobs to ``running`` for ``worker_id``.

    Commit soon after: on PostgreSQL the claimed rows stay locked until the transaction ends.
    """
    now = now or utcnow()
    if session.get_bind().dialect.name == "postgresql":
        jobs = list(
            session.scalars(queued_jobs_query(limit, kinds).with_for_update(skip_locked=True))
        )
        for job in jobs:
            job.status = JobStatus.RUNNING
            job.worker_id = worker_id
            job.claimed_at = now
            job.attempts += 1
        session.flush()
        return jobs
    candidates = queued_jobs_query(limit, kinds).with_only_columns(Job.id).scalar_subquery()
    claimed = session.scalars(
        update(Job)
        .where(Job.id.in_(candidates), Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            worker_id=worker_id,
            claimed_at=now,
            attempts=Job.attempts + 1,
            updated_at=now,
        )
        .returning(Job.id),
        execution_options={"synchronize_session": False},
    ).all()
    if not claimed:
        return []
    return list(
        session.scalars(
            select(Job)
            .where(Job.id.in_(claimed))
            .order_by(Job.created_at)
            .execution_options(populate_existing=True)
        )
    )


def queued_render_jobs_query(limit: int = 10) -> Select[RenderJob]:
    """Oldest queued renders first; uses ix_render_jobs_status_created_at (seed 000 §12)."""
    return (
        select(RenderJob)
        .where(RenderJob.status == RenderStatus.QUEUED)
        .order_by(RenderJob.created_at)
        .limit(limit)
    )


def queued_render_jobs(session: Session, limit: int = 10) -> list[RenderJob]:
    return list(session.scalars(queued_render_jobs_query(limit)))
