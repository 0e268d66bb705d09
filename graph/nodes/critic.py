"""Critic node: score the latest draft, then accept, retry, or pick the best after the limit."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime
from pydantic import BaseModel
from sqlalchemy import select, update

from agents.critic.critic import Critic
from graph.audit import log_event
from graph.context import RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run, platform_rules
from graph.state import Attempt, CriticDecision, ProductionState
from storage.creative import CriticFeedback, CriticScore, Script
from storage.database import transaction
from storage.enums import (
    EventSubject,
    EventType,
    ExecutionPlanStatus,
    OrchestratorEventType,
    ScriptStatus,
)
from storage.identity import User
from storage.orchestration import ExecutionPlan, OrchestratorEvent


class CriticStep(BaseModel):
    attempt: Attempt
    decision: CriticDecision
    chosen_attempt: int | None


def critic_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    attempts = state["attempts"]
    latest = attempts[-1]
    step = f"critic:{latest.number}"
    with ctx.session_factory() as session:
        done = completed_step(session, job_id, step, CriticStep)
        if done is not None:
            return _update(done)
        rules = platform_rules(session, user_id, state["plan"].platform)
        execution_plan = session.scalars(
            select(ExecutionPlan).where(ExecutionPlan.job_id == job_id)
        ).one()
        retry_limit = execution_plan.retry_limit
        stop_and_ask = bool(
            session.get_one(User, user_id).preferences_json.get("stop_at_retry_limit", False)
        )

    ctx.progress({"step": "critic", "status": "started", "attempt": latest.number})
    report = Critic(judge_model=ctx.critic_judge).score_story(
        latest.story, rules, state["constraints"], state["plan"].target_duration_sec
    )
    scored = latest.model_copy(update={"report": report})
    decision, chosen = _decide(
        [*attempts[:-1], scored],
        accepted=report.verdict == "accept",
        retry_limit=retry_limit,
        stop_and_ask=stop_and_ask,
    )
    with transaction(ctx.session_factory) as session:
        run = load_run(session, state["run_id"])
        score = CriticScore(
            user_id=user_id,
            job_id=job_id,
            story_id=uuid.UUID(latest.story_id),
            platform=state["plan"].platform,
            attempt=latest.number,
            total_score=report.total_score,
            hook_score=report.hook_score,
            pacing_score=report.pacing_score,
            loop_score=report.loop_score,
            structure_score=report.structure_score,
            persona_score=report.persona_score,
            verdict=report.verdict,
            judge=report.judge,
            features_json=report.features,
        )
        session.add(score)
        session.flush()
        session.add(
            CriticFeedback(
                critic_score_id=score.id,
                user_id=user_id,
                feedback={"notes": [note.model_dump(mode="json") for note in report.notes]},
            )
        )
        scored = scored.model_copy(update={"critic_score_id": str(score.id)})
        _record_decision(session, user_id, job_id, decision, chosen, [*attempts[:-1], scored])
        log_event(
            session,
            run,
            EventType.CRITIC_SCORED,
            EventSubject.STORY,
            latest.story_id,
            f"Attempt {latest.number}: total {report.total_score:.2f} → {decision}",
            hook=report.hook_score,
            pacing=report.pacing_score,
            loop=report.loop_score,
        )
        output = CriticStep(attempt=scored, decision=decision, chosen_attempt=chosen)
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step=step,
            event_type=OrchestratorEventType.CRITIC_SCORED,
            output=output,
        )
    ctx.progress(
        {
            "step": "critic",
            "status": "done",
            "attempt": latest.number,
            "decision": decision,
            "report": report.model_dump(mode="json"),
        }
    )
    return _update(output)


def _decide(
    attempts: list[Attempt], *, accepted: bool, retry_limit: int, stop_and_ask: bool
) -> tuple[CriticDecision, int | None]:
    latest = attempts[-1]
    if accepted:
        return "accept", latest.number
    if latest.number <= retry_limit:
        return "retry", None
    best = max(attempts, key=lambda a: (a.report.total_score if a.report else 0.0, -a.number))
    return ("ask_creator" if stop_and_ask else "best_effort"), best.number


def _record_decision(
    session: Any,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    decision: CriticDecision,
    chosen: int | None,
    attempts: list[Attempt],
) -> None:
    latest = attempts[-1]
    event_type = {
        "accept": OrchestratorEventType.ACCEPTED,
        "retry": OrchestratorEventType.RETRY_TRIGGERED,
        "best_effort": OrchestratorEventType.BEST_EFFORT_ACCEPTED,
        "ask_creator": OrchestratorEventType.APPROVAL_REQUESTED,
    }[decision]
    session.add(
        OrchestratorEvent(
            user_id=user_id,
            job_id=job_id,
            event_type=event_type,
            metadata_json={
                "attempt": latest.number,
                "chosen_attempt": chosen,
                "total_score": latest.report.total_score if latest.report else None,
            },
        )
    )
    plan_values: dict[str, Any] = (
        {"current_retry": latest.number, "status": ExecutionPlanStatus.RETRYING}
        if decision == "retry"
        else {"status": ExecutionPlanStatus.COMPLETED}
    )
    session.execute(
        update(ExecutionPlan).where(ExecutionPlan.job_id == job_id).values(**plan_values)
    )
    if chosen is None:
        return
    chosen_attempt = next(a for a in attempts if a.number == chosen)
    session.execute(
        update(Script)
        .where(Script.id == uuid.UUID(chosen_attempt.script_id))
        .values(status=ScriptStatus.APPROVED)
    )
    if decision in ("best_effort", "ask_creator") and chosen_attempt.critic_score_id:
        session.execute(
            update(CriticScore)
            .where(CriticScore.id == uuid.UUID(chosen_attempt.critic_score_id))
            .values(is_best_effort=True)
        )


def _update(step: CriticStep) -> dict[str, Any]:
    update_: dict[str, Any] = {"attempts": [step.attempt], "decision": step.decision}
    if step.chosen_attempt is not None:
        update_["chosen_attempt"] = step.chosen_attempt
    return update_
