"""Starting, resuming and answering production runs.

A run is a ``Job`` (what was asked) plus an ``AgentRun`` (this execution) whose id is the
LangGraph thread id. Every way a run stops is recorded: finished (by the publisher node),
paused at an interrupt (waiting for the creator), or failed (``ErrorLog``, ``error_json`` on the
job and the run, the agent in ``error``) — and a failed or killed run continues from its last
checkpoint with :func:`resume_run`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command, StateSnapshot
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agents.planner import PlanningRequest
from graph.audit import log_event, record_run_failure
from graph.context import RunContext
from graph.nodes.approval import ApprovalAnswer
from graph.production import build_production_graph
from graph.state import ProductionState
from storage.base import utcnow
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    CalendarItemStatus,
    ErrorScope,
    EventSubject,
    EventType,
    JobKind,
    JobStatus,
    NotificationType,
    OrchestratorEventType,
    Severity,
    TriggerType,
)
from storage.identity import Agent, Notification
from storage.orchestration import AgentRun, Job, OrchestratorEvent
from storage.planning import CalendarItem

NODE_SCOPES: dict[str, ErrorScope] = {
    "planner": ErrorScope.PLANNER,
    "persona": ErrorScope.PERSONA,
    "story": ErrorScope.STORY,
    "critic": ErrorScope.CRITIC,
    "media": ErrorScope.MEDIA,
    "publisher": ErrorScope.PUBLISHER,
}


class RunStateError(RuntimeError):
    """The run cannot do what was asked in its current state (the message says why)."""


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    job_id: str
    status: Literal["completed", "awaiting_approval", "awaiting_decision", "failed", "rejected"]
    values: dict[str, Any]
    interrupt: dict[str, Any] | None = None
    error: str | None = None


def create_run(
    ctx: RunContext,
    user_id: uuid.UUID,
    request: PlanningRequest,
    trigger: TriggerType = TriggerType.MANUAL,
    idempotency_key: str | None = None,
) -> tuple[uuid.UUID, uuid.UUID]:
    """Record the job and its run; returns (job_id, run_id). Nothing runs yet."""
    with transaction(ctx.session_factory) as session:
        if idempotency_key is not None:
            existing = session.scalars(
                select(Job).where(Job.idempotency_key == idempotency_key)
            ).first()
            if existing is not None:
                run = session.scalars(
                    select(AgentRun)
                    .where(AgentRun.job_id == existing.id)
                    .order_by(AgentRun.started_at)
                ).first()
                if run is not None:
                    return existing.id, run.id
        agent = session.scalars(select(Agent).where(Agent.user_id == user_id)).first()
        job = Job(
            user_id=user_id,
            kind=JobKind.PRODUCE_REEL,
            status=JobStatus.RUNNING,
            request_payload=request.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
            worker_id=ctx.worker_node,
            claimed_at=utcnow(),
            attempts=1,
        )
        session.add(job)
        session.flush()
        run = AgentRun(
            agent_id=agent.id if agent else None,
            user_id=user_id,
            job_id=job.id,
            trigger_type=trigger,
            status=AgentRunStatus.RUNNING,
        )
        session.add(run)
        session.flush()
        run.thread_id = str(run.id)
        log_event(
            session,
            run,
            EventType.RUN_STARTED,
            EventSubject.JOB,
            job.id,
            f"Run started ({trigger}): {request.prompt[:120]}",
        )
        return job.id, run.id


def start_run(
    ctx: RunContext,
    checkpointer: BaseCheckpointSaver[str],
    user_id: uuid.UUID,
    request: PlanningRequest,
    trigger: TriggerType = TriggerType.MANUAL,
) -> RunOutcome:
    job_id, run_id = create_run(ctx, user_id, request, trigger)
    state: ProductionState = {
        "job_id": str(job_id),
        "run_id": str(run_id),
        "user_id": str(user_id),
        "request": request,
        "attempts": [],
    }
    return _execute(ctx, checkpointer, run_id, state)


def resume_run(
    ctx: RunContext, checkpointer: BaseCheckpointSaver[str], run_id: uuid.UUID
) -> RunOutcome:
    """Continue a killed or failed run from its last checkpoint."""
    snapshot = require_run_state(checkpointer, run_id, waiting=False)
    with transaction(ctx.session_factory) as session:
        run = _run(session, run_id)
        run.status = AgentRunStatus.RUNNING
        run.error_json = None
        session.execute(
            update(Job)
            .where(Job.id == run.job_id)
            .values(status=JobStatus.RUNNING, error_json=None)
        )
        session.add(
            OrchestratorEvent(
                user_id=run.user_id,
                job_id=run.job_id,
                event_type=OrchestratorEventType.RESUMED,
                metadata_json={"next": list(snapshot.next)},
            )
        )
    return _execute(ctx, checkpointer, run_id, None)


def answer_run(
    ctx: RunContext,
    checkpointer: BaseCheckpointSaver[str],
    run_id: uuid.UUID,
    answer: ApprovalAnswer,
) -> RunOutcome:
    """Approve, reject or edit a run paused at an interrupt."""
    require_run_state(checkpointer, run_id, waiting=True)
    return _execute(ctx, checkpointer, run_id, Command(resume=answer.model_dump(mode="json")))


def require_run_state(
    checkpointer: BaseCheckpointSaver[str], run_id: uuid.UUID, *, waiting: bool
) -> StateSnapshot:
    """Raise :class:`RunStateError` unless the run is paused for the creator (``waiting``) or,
    otherwise, resumable: checkpointed, not paused and not finished. Callers that hand the run
    to a worker check first, so the creator hears why at once."""
    snapshot = build_production_graph(checkpointer).get_state(_config(run_id))
    if waiting:
        if not snapshot.interrupts:
            raise RunStateError(f"run {run_id} is not waiting for approval")
        return snapshot
    if not snapshot.values:
        raise RunStateError(f"run {run_id} has no checkpoint to resume from")
    if snapshot.interrupts:
        raise RunStateError(f"run {run_id} is waiting for the creator: approve, reject or edit it")
    if not snapshot.next:
        raise RunStateError(f"run {run_id} already finished")
    return snapshot


def _config(run_id: uuid.UUID) -> RunnableConfig:
    return {"configurable": {"thread_id": str(run_id)}}


def _run(session: Session, run_id: uuid.UUID) -> AgentRun:
    run = session.get(AgentRun, run_id)
    if run is None:
        raise RunStateError(f"no run {run_id}")
    return run


def _execute(
    ctx: RunContext,
    checkpointer: BaseCheckpointSaver[str],
    run_id: uuid.UUID,
    payload: ProductionState | Command[Any] | None,
) -> RunOutcome:
    graph = build_production_graph(checkpointer)
    config = _config(run_id)
    current_node = "planner"
    try:
        for chunk in graph.stream(
            payload, config, context=ctx, stream_mode="updates", durability="sync"
        ):
            current_node = next(iter(chunk), current_node)
    except Exception as exc:
        snapshot = graph.get_state(config)
        failed_node = snapshot.next[0] if snapshot.next else current_node
        error = _record_failure(ctx, run_id, failed_node, exc)
        values = dict(snapshot.values)
        return RunOutcome(str(run_id), values.get("job_id", ""), "failed", values, error=error)

    snapshot = graph.get_state(config)
    values = dict(snapshot.values)
    job_id = values.get("job_id", "")
    if snapshot.interrupts:
        payload_value = snapshot.interrupts[0].value
        kind = payload_value.get("kind") if isinstance(payload_value, dict) else None
        status: Literal["awaiting_approval", "awaiting_decision"] = (
            "awaiting_decision" if kind == "retry_limit" else "awaiting_approval"
        )
        return RunOutcome(str(run_id), job_id, status, values, interrupt=payload_value)
    if values.get("approval") == "rejected":
        return RunOutcome(str(run_id), job_id, "rejected", values)
    return RunOutcome(str(run_id), job_id, "completed", values)


def _record_failure(ctx: RunContext, run_id: uuid.UUID, node: str, exc: Exception) -> str:
    """ErrorLog + error_json on job and run + agent in ``error`` + a notification."""
    with transaction(ctx.session_factory) as session:
        run = _run(session, run_id)
        message = record_run_failure(
            session,
            run,
            exc,
            node=node,
            label=node,
            scope=NODE_SCOPES.get(node, ErrorScope.ORCHESTRATOR),
            severity=Severity.HIGH,
            context={"node": node},
        )
        error_json = run.error_json
        session.execute(
            update(Job)
            .where(Job.id == run.job_id)
            .values(status=JobStatus.FAILED, error_json=error_json, finished_at=utcnow())
        )
        session.add(
            OrchestratorEvent(
                user_id=run.user_id,
                job_id=run.job_id,
                event_type=OrchestratorEventType.FAILED,
                metadata_json=error_json,
            )
        )
        if run.user_id is not None:
            session.add(
                Notification(
                    user_id=run.user_id,
                    type=NotificationType.JOB_FAILED,
                    payload_json={"deeplink": f"twinreel://runs/{run.id}", "node": node},
                )
            )
            session.execute(
                update(CalendarItem)
                .where(CalendarItem.job_id == run.job_id)
                .values(status=CalendarItemStatus.PLANNED)
            )
    ctx.progress({"step": node, "status": "failed", "error": message})
    return message
