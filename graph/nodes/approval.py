"""The creator's say: approval before publishing, and a decision when retries run out.

Records that ask are written by their own node *before* the interrupt node, and the answer's
records *after* it: the interrupting node re-runs from the top when resumed, so nothing before
its ``interrupt()`` may have side effects.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from pydantic import BaseModel, Field
from sqlalchemy import update
from sqlalchemy.orm import Session

from graph.audit import log_event, set_agent_state
from graph.context import RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run
from graph.state import ProductionState
from storage.base import utcnow
from storage.creative import Script
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    AgentState,
    ApprovalStatus,
    EventSubject,
    EventType,
    JobStatus,
    NotificationType,
    OrchestratorEventType,
    RunResult,
)
from storage.identity import Notification
from storage.media import VideoReel
from storage.orchestration import AgentRun, Job


class ApprovalAnswer(BaseModel):
    """What the creator answers at an interrupt (``twinreel runs approve|reject|edit``)."""

    action: Literal["approve", "reject", "edit"]
    reason: str = ""
    caption: str | None = Field(default=None, max_length=2200)
    hashtags: list[str] | None = Field(default=None, max_length=30)
    title: str | None = Field(default=None, max_length=300)
    editor: str = "creator"


class ApprovalAsked(BaseModel):
    reel_id: str


def request_approval_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    reel = state["reel"]
    with transaction(ctx.session_factory) as session:
        if completed_step(session, job_id, "approval_request", ApprovalAsked) is not None:
            return {}
        run = load_run(session, state["run_id"])
        session.execute(
            update(Job).where(Job.id == job_id).values(status=JobStatus.AWAITING_APPROVAL)
        )
        run.status = AgentRunStatus.INTERRUPTED
        set_agent_state(session, run.agent_id, AgentState.IDLE)
        session.add(
            Notification(
                user_id=user_id,
                type=NotificationType.APPROVAL_REQUIRED,
                payload_json={
                    "deeplink": f"twinreel://runs/{run.id}/review",
                    "reel_id": reel.reel_id,
                },
            )
        )
        log_event(
            session,
            run,
            EventType.APPROVAL_REQUESTED,
            EventSubject.REEL,
            reel.reel_id,
            "Reel waiting for the creator's approval",
        )
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step="approval_request",
            event_type=OrchestratorEventType.APPROVAL_REQUESTED,
            output=ApprovalAsked(reel_id=reel.reel_id),
        )
    ctx.progress({"step": "approval", "status": "waiting", "reel_id": reel.reel_id})
    return {}


def await_approval_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    reel = state["reel"]
    chosen = next(a for a in state["attempts"] if a.number == state.get("chosen_attempt"))
    raw = interrupt(
        {
            "kind": "approval",
            "reel_id": reel.reel_id,
            "video_path": reel.video_path,
            "caption": reel.caption,
            "hashtags": reel.hashtags,
            "scores": chosen.report.model_dump(mode="json") if chosen.report else None,
        }
    )
    answer = ApprovalAnswer.model_validate(raw)
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    approval: Literal["creator_approved", "rejected"] = (
        "rejected" if answer.action == "reject" else "creator_approved"
    )
    edits: dict[str, Any] = {}
    with transaction(ctx.session_factory) as session:
        done = completed_step(session, job_id, "approval_answer", ApprovalAnswer)
        if done is None:
            run = load_run(session, state["run_id"])
            run.status = AgentRunStatus.RUNNING
            reel_row = session.get_one(VideoReel, uuid.UUID(reel.reel_id))
            reel_row.approval_status = ApprovalStatus(approval)
            reel_row.reviewed_at = utcnow()
            if answer.action == "edit":
                edits = _apply_edit(session, reel_row, chosen.script_id, answer)
            log_event(
                session,
                run,
                EventType.REEL_REJECTED if approval == "rejected" else EventType.REEL_APPROVED,
                EventSubject.REEL,
                reel.reel_id,
                f"Creator answered {answer.action}",
                reason=answer.reason,
                edits=sorted(edits),
            )
            if approval == "rejected":
                _finish_rejected(session, run, job_id, answer.reason)
            complete_step(
                session,
                user_id=user_id,
                job_id=job_id,
                step="approval_answer",
                event_type=(
                    OrchestratorEventType.REJECTED
                    if approval == "rejected"
                    else OrchestratorEventType.APPROVED
                ),
                output=answer,
            )
        else:
            answer = done
    ctx.progress({"step": "approval", "status": approval})
    update_: dict[str, Any] = {"approval": approval}
    if answer.action == "edit":
        update_["reel"] = reel.model_copy(
            update={
                key: value
                for key, value in (("caption", answer.caption), ("hashtags", answer.hashtags))
                if value is not None
            }
        )
    return update_


def ask_creator_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Retries ran out and the creator wants to decide: show the best draft and its scores."""
    chosen = next(a for a in state["attempts"] if a.number == state.get("chosen_attempt"))
    raw = interrupt(
        {
            "kind": "retry_limit",
            "attempt": chosen.number,
            "story": chosen.story.model_dump(mode="json"),
            "scores": chosen.report.model_dump(mode="json") if chosen.report else None,
        }
    )
    answer = ApprovalAnswer.model_validate(raw)
    if answer.action != "reject":
        return {}
    ctx = runtime.context
    job_id = uuid.UUID(state["job_id"])
    with transaction(ctx.session_factory) as session:
        if completed_step(session, job_id, "retry_limit_answer", ApprovalAnswer) is None:
            run = load_run(session, state["run_id"])
            _finish_rejected(session, run, job_id, answer.reason)
            complete_step(
                session,
                user_id=uuid.UUID(state["user_id"]),
                job_id=job_id,
                step="retry_limit_answer",
                event_type=OrchestratorEventType.REJECTED,
                output=answer,
            )
    return {"approval": "rejected"}


def _apply_edit(
    session: Session, reel: VideoReel, script_id: str, answer: ApprovalAnswer
) -> dict[str, Any]:
    edits: dict[str, Any] = {}
    if answer.caption is not None:
        edits["caption"] = {"from": reel.caption_text, "to": answer.caption}
        reel.caption_text = answer.caption
    if answer.hashtags is not None:
        edits["hashtags"] = {"from": reel.hashtags, "to": answer.hashtags}
        reel.hashtags = answer.hashtags
    if answer.title is not None:
        edits["title"] = {"from": reel.title, "to": answer.title}
        reel.title = answer.title
    script = session.get_one(Script, uuid.UUID(script_id))
    script.edit_history_json = [
        *script.edit_history_json,
        {"at": utcnow().isoformat(), "editor": answer.editor, "delta": edits},
    ]
    return edits


def _finish_rejected(session: Session, run: AgentRun, job_id: uuid.UUID, reason: str) -> None:
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(
            status=JobStatus.COMPLETED,
            finished_at=utcnow(),
            result_json={"outcome": "rejected", "reason": reason},
        )
    )
    run.status = AgentRunStatus.COMPLETED
    run.result = RunResult.PARTIAL_SUCCESS
    run.finished_at = utcnow()
    run.summary = f"Rejected by the creator{': ' + reason if reason else ''}"
    set_agent_state(session, run.agent_id, AgentState.IDLE)
