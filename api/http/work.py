"""Turning requests into runs: start reels, answer paused runs, find a caller's runs.

Shared by the chat and the jobs/runs routers so "approve" means the same whether it was clicked
or said.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents.planner import PlanningRequest
from api.http.runner import OnFinish, RunBusyError
from api.http.schemas.jobs import JobRef
from api.http.state import ApiState
from graph.nodes.approval import ApprovalAnswer
from graph.nodes.persona import UnknownPersonaError, resolve_persona
from graph.runs import RunStateError
from storage.enums import JobStatus
from storage.errors import InvalidValueError, NotFoundError
from storage.orchestration import AgentRun, Job


def links(job_id: uuid.UUID, run_id: uuid.UUID | None) -> dict[str, str]:
    out = {"job": f"/v1/jobs/{job_id}", "events": f"/v1/jobs/{job_id}/events"}
    if run_id is not None:
        out["approve"] = f"/v1/runs/{run_id}/approve"
    return out


def check_persona(state: ApiState, user_id: uuid.UUID, persona: str | None) -> None:
    """Refuse an unknown persona before a job exists (422 naming the field and valid names)."""
    with state.runtime.session_factory() as session:
        try:
            resolve_persona(session, user_id, persona)
        except UnknownPersonaError as exc:
            raise InvalidValueError("persona", persona, reason=str(exc)) from None


def start_reels(
    state: ApiState,
    user_id: uuid.UUID,
    requests: list[PlanningRequest],
    on_finish: OnFinish | None = None,
    idempotency_key: str | None = None,
) -> list[JobRef]:
    refs = []
    for request in requests:
        job_id, run_id = state.runner.start(user_id, request, on_finish, idempotency_key)
        refs.append(
            JobRef(job_id=job_id, run_id=run_id, status="running", links=links(job_id, run_id))
        )
    return refs


def owned_run(session: Session, run_id: uuid.UUID, user_id: uuid.UUID) -> AgentRun:
    run = session.get(AgentRun, run_id)
    if run is None or run.user_id != user_id:
        raise NotFoundError("AgentRun", run_id)
    return run


def owned_job(session: Session, job_id: uuid.UUID, user_id: uuid.UUID) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.user_id != user_id:
        raise NotFoundError("Job", job_id)
    return job


def latest_run(session: Session, job_id: uuid.UUID) -> AgentRun | None:
    return session.scalars(
        select(AgentRun).where(AgentRun.job_id == job_id).order_by(AgentRun.started_at.desc())
    ).first()


def waiting_run(session: Session, user_id: uuid.UUID, ref: str | None) -> AgentRun:
    """The run an approval is about: the one named (run or job id), else the newest waiting."""
    if ref is not None:
        ref_id = uuid.UUID(ref)
        run = session.get(AgentRun, ref_id)
        if run is None:
            job = session.get(Job, ref_id)
            run = latest_run(session, job.id) if job is not None else None
        if run is None or run.user_id != user_id:
            raise NotFoundError("AgentRun", ref_id)
        return run
    job = session.scalars(
        select(Job)
        .where(Job.user_id == user_id, Job.status == JobStatus.AWAITING_APPROVAL)
        .order_by(Job.updated_at.desc())
    ).first()
    run = latest_run(session, job.id) if job is not None else None
    if run is None:
        raise RunStateError("no reel is waiting for your approval")
    return run


def answer(
    state: ApiState,
    run: AgentRun,
    answer_: ApprovalAnswer,
    on_finish: OnFinish | None = None,
) -> JobRef:
    if run.job_id is None:
        raise RunStateError(f"run {run.id} has no job to continue")
    with state.runtime.session_factory() as session:
        job = session.get(Job, run.job_id)
        if job is not None and job.status == JobStatus.CANCELLED:
            raise RunStateError(f"job {job.id} was cancelled")
    try:
        state.runner.answer(run.job_id, run.id, answer_, on_finish)
    except RunBusyError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from None
    return JobRef(
        job_id=run.job_id, run_id=run.id, status="running", links=links(run.job_id, run.id)
    )


def fallback_answer(session: Session, job_id: uuid.UUID) -> dict[str, Any]:
    """How a job this server has no live events for stands, from the database."""
    job = session.get(Job, job_id)
    if job is None:
        return {"step": "answer", "status": "unknown"}
    return {
        "step": "answer",
        "status": str(job.status),
        "message": f"job is {job.status} (no live events: it ran before this server started)",
    }
