"""The audit trail nodes leave: EventLog rows and the agent's state (seed 000 §1.2, §8)."""

from __future__ import annotations

import traceback
import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.enums import (
    AgentRunStatus,
    AgentState,
    ErrorScope,
    EventSubject,
    EventType,
    RunResult,
    Severity,
)
from storage.identity import Agent
from storage.orchestration import AgentRun, ErrorLog, EventLog


def log_event(
    session: Session,
    run: AgentRun,
    event_type: EventType,
    subject_type: EventSubject,
    subject_id: uuid.UUID | str | None,
    message: str,
    **meta: Any,
) -> None:
    session.add(
        EventLog(
            user_id=run.user_id,
            agent_id=run.agent_id,
            run_id=run.id,
            event_type=event_type,
            subject_type=subject_type,
            subject_id=None if subject_id is None else str(subject_id),
            message=message,
            meta_json=meta,
        )
    )


def set_agent_state(session: Session, agent_id: uuid.UUID | None, state: AgentState) -> None:
    if agent_id is not None:
        session.execute(update(Agent).where(Agent.id == agent_id).values(state=state))


def record_run_failure(
    session: Session,
    run: AgentRun,
    exc: Exception,
    *,
    node: str,
    label: str,
    scope: ErrorScope,
    severity: Severity,
    context: dict[str, Any],
) -> str:
    """The run failed, with its ErrorLog (stack trace kept), the agent in ``error`` and an
    ``error`` event: what every graph leaves behind when a step raises. An exception with
    ``to_error_json()`` (provider and platform errors) adds its fields to ``error_json``.
    Returns the message."""
    to_json = getattr(exc, "to_error_json", None)
    detail: dict[str, Any] = to_json() if callable(to_json) else {}
    message = f"{label} failed: {type(exc).__name__}: {exc}"[:2000]
    run.status = AgentRunStatus.FAILED
    run.result = RunResult.ERROR
    run.finished_at = utcnow()
    run.error_json = {
        "node": node,
        "type": type(exc).__name__,
        "message": str(exc)[:2000],
        **detail,
    }
    run.summary = message
    session.add(
        ErrorLog(
            user_id=run.user_id,
            run_id=run.id,
            job_id=run.job_id,
            scope=scope,
            context_json={**context, **detail},
            message=message,
            stack_trace="".join(traceback.format_exception(exc))[-8000:],
            severity=severity,
        )
    )
    set_agent_state(session, run.agent_id, AgentState.ERROR)
    subject = EventSubject.SYSTEM if run.job_id is None else EventSubject.JOB
    log_event(session, run, EventType.ERROR, subject, run.job_id, message)
    return message
