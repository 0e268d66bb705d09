"""Planner node: the plan for one reel, with its strategy run and execution plan recorded."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agents.decisions import ContentPlan
from agents.planner import plan_reel
from graph.audit import log_event, set_agent_state
from graph.context import RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run
from graph.memory_link import pattern_recall, record_memory_usage
from graph.state import ProductionState
from storage.analytics import StrategyUpdate
from storage.creative import EmotionCurve, EmotionCurveRun
from storage.database import transaction
from storage.enums import (
    AgentState,
    CalendarItemStatus,
    EventSubject,
    EventType,
    ExecutionPlanStatus,
    OrchestratorEventType,
)
from storage.identity import User
from storage.orchestration import ExecutionPlan
from storage.planning import AudienceProfile, CalendarItem, StrategyRun
from tools.agent_tools import ToolScope, emotion_curve_dicts, planner_tools

STEP = "plan"
DEFAULT_RETRY_LIMIT = 2


class PlanStep(BaseModel):
    plan: ContentPlan
    retry_limit: int
    execution_plan_id: str


def planner_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    with ctx.session_factory() as session:
        done = completed_step(session, job_id, STEP, PlanStep)
        if done is not None:
            return {"plan": done.plan}
        user = session.get_one(User, user_id)
        facts = _planner_facts(session, user)
        retry_limit = int(user.preferences_json.get("retry_limit", DEFAULT_RETRY_LIMIT))

    ctx.progress({"step": "plan", "status": "started"})
    scope = ToolScope(ctx.session_factory, user_id, recall=pattern_recall(ctx, user_id))
    outcome = plan_reel(
        ctx.model("planner"),
        planner_tools(scope),
        state["request"],
        facts,
        callbacks=ctx.callbacks,
    )
    plan = outcome.plan
    with transaction(ctx.session_factory) as session:
        run = load_run(session, state["run_id"])
        curve = session.scalars(
            select(EmotionCurve).where(EmotionCurve.name == plan.emotion_curve)
        ).first()
        session.add(
            StrategyRun(
                user_id=user_id,
                job_id=job_id,
                platform=plan.platform,
                strategy_output={
                    "plan": plan.model_dump(mode="json"),
                    "looked_up": [call.name for call in outcome.tool_calls],
                    "tool_errors": [call.error for call in outcome.tool_calls if not call.ok],
                },
            )
        )
        execution_plan = ExecutionPlan(
            user_id=user_id,
            job_id=job_id,
            emotion_curve_id=curve.id if curve else None,
            hook_type=plan.hook_type,
            retry_limit=retry_limit,
            current_retry=0,
            status=ExecutionPlanStatus.ACTIVE,
            plan_json=plan.model_dump(mode="json"),
        )
        session.add(execution_plan)
        if curve is not None:
            session.add(EmotionCurveRun(user_id=user_id, job_id=job_id, emotion_curve_id=curve.id))
        used = record_memory_usage(session, user_id, job_id, plan.memory_refs)
        calendar_item_id = state["request"].calendar_item_id
        if calendar_item_id:
            session.execute(
                update(CalendarItem)
                .where(CalendarItem.id == uuid.UUID(calendar_item_id))
                .where(CalendarItem.user_id == user_id)
                .values(status=CalendarItemStatus.IN_PROGRESS, job_id=job_id)
            )
        set_agent_state(session, run.agent_id, AgentState.PLANNING)
        log_event(
            session,
            run,
            EventType.PLAN_CREATED,
            EventSubject.JOB,
            job_id,
            f"Planned a {plan.target_duration_sec}s {plan.platform} reel: {plan.topic}",
            hook_type=plan.hook_type,
            emotion_curve=plan.emotion_curve,
            memory_used=[hit["id"] for hit in used],
        )
        session.flush()
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step=STEP,
            event_type=OrchestratorEventType.PLAN_CREATED,
            output=PlanStep(
                plan=plan, retry_limit=retry_limit, execution_plan_id=str(execution_plan.id)
            ),
        )
    ctx.progress(
        {
            "step": "plan",
            "status": "done",
            "plan": plan.model_dump(mode="json"),
            "memory_used": used,
            "looked_up": [c.name for c in outcome.tool_calls],
        }
    )
    return {"plan": plan}


def _planner_facts(session: Session, user: User) -> dict[str, Any]:
    """What the planner gets without asking: the creator, the library, the latest strategy."""
    user_id = user.id
    latest = session.scalars(
        select(StrategyUpdate)
        .where(StrategyUpdate.user_id == user_id)
        .order_by(StrategyUpdate.effective_start_date.desc(), StrategyUpdate.created_at.desc())
    ).first()
    audiences = session.scalars(select(AudienceProfile.audience_key).distinct()).all()
    return {
        "creator": {
            "name": user.name,
            "timezone": user.timezone,
            "niche": user.preferences_json.get("niche", ""),
        },
        "default_platforms": user.preferences_json.get("default_platforms", []),
        "emotion_curves": [curve["name"] for curve in emotion_curve_dicts(session, user_id)],
        "audience_keys": sorted(audiences),
        "strategy_adjustments": latest.adjustments_json if latest is not None else None,
    }
