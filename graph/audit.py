"""The audit trail nodes leave: EventLog rows and the agent's state (seed 000 §1.2, §8)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.enums import AgentState, EventSubject, EventType
from storage.identity import Agent
from storage.orchestration import AgentRun, EventLog


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
