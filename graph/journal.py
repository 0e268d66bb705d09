"""Exactly-once steps: each node's records and its output commit together, or not at all.

A node may run twice: after a crash between its database commit and LangGraph's checkpoint, or
when a resumed run re-enters it. So every node writes its records in one transaction together
with an ``orchestrator_events`` row whose id is derived from (job, step) and whose metadata
carries the node's output. A node that finds its event already there returns the stored output
instead of doing the work again: no duplicated rows, no second render, no second post.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import Session

from storage.enums import OrchestratorEventType
from storage.orchestration import OrchestratorEvent

OutputT = TypeVar("OutputT", bound=BaseModel)


def step_event_id(job_id: uuid.UUID, step: str) -> uuid.UUID:
    return uuid.uuid5(job_id, f"step:{step}")


def completed_step(
    session: Session, job_id: uuid.UUID, step: str, output_type: type[OutputT]
) -> OutputT | None:
    """The output a step already committed, if it did."""
    event = session.get(OrchestratorEvent, step_event_id(job_id, step))
    if event is None:
        return None
    return output_type.model_validate(event.metadata_json["output"])


def complete_step(
    session: Session,
    *,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    step: str,
    event_type: OrchestratorEventType,
    output: BaseModel,
    summary: dict[str, Any] | None = None,
) -> None:
    """Add the step's journal event to the session (committed with the step's records)."""
    session.add(
        OrchestratorEvent(
            id=step_event_id(job_id, step),
            user_id=user_id,
            job_id=job_id,
            event_type=event_type,
            metadata_json={
                "step": step,
                **(summary or {}),
                "output": output.model_dump(mode="json"),
            },
        )
    )
