"""The weekly planning graph: gather → plan → save, creating ``ContentCalendar`` v+1.

``gather`` reads what planning depends on (the creator's platforms, time zone and preferences,
recent trend signals, the latest strategy update, past winners from creative memory); ``plan``
is the deterministic calendar planner (``agents.calendar_planner``); ``save`` writes the
calendar and its items. Saving is idempotent per (creator, week): planning the same week again
returns the calendar already made, so a scheduler restarted mid-run cannot plan a week twice.

Each planning is an ``AgentRun`` with its trigger (``schedule_weekly`` from the scheduler).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents.calendar_planner import DEFAULT_PILLARS, TrendTopic, WeekInputs, WeekPlan, plan_week
from agents.planner import PlanningRequest
from graph.audit import log_event, record_run_failure
from graph.context import RunContext
from storage.analytics import StrategyUpdate
from storage.base import utcnow
from storage.creative import AiTwin
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    ContentPillar,
    ErrorScope,
    EventSubject,
    EventType,
    Platform,
    RunResult,
    Severity,
    TriggerType,
    TwinStatus,
)
from storage.identity import Agent, SocialAccount, User
from storage.memory import CreativeMemory
from storage.orchestration import AgentRun
from storage.planning import CalendarItem, ContentCalendar, TrendSignal

TREND_WINDOW = timedelta(days=7)
TREND_LIMIT = 20
WINNER_LIMIT = 10


class PlanningState(TypedDict, total=False):
    user_id: str
    week_start: date
    inputs: WeekInputs
    plan: WeekPlan
    calendar_id: str
    version: int
    created: bool


@dataclass(frozen=True)
class PlanningOutcome:
    run_id: str
    calendar_id: str
    version: int
    items: int
    created: bool


def creator_platforms(session: Session, user: User) -> list[str]:
    """The creator's connected platforms (oldest account first), else their default ones."""
    connected = session.scalars(
        select(SocialAccount.platform)
        .where(SocialAccount.user_id == user.id, SocialAccount.is_connected.is_(True))
        .order_by(SocialAccount.created_at)
    ).all()
    platforms = list(dict.fromkeys(str(p) for p in connected))
    return platforms or [str(p) for p in user.preferences_json.get("default_platforms", [])]


def gather_node(state: PlanningState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    week_start = state["week_start"]
    with ctx.session_factory() as session:
        user = session.get_one(User, uuid.UUID(state["user_id"]))
        prefs = user.preferences_json
        since = ctx.clock() - TREND_WINDOW
        signals = session.scalars(
            select(TrendSignal)
            .where(TrendSignal.collected_at >= since)
            .order_by(TrendSignal.score.desc(), TrendSignal.collected_at.desc())
            .limit(TREND_LIMIT)
        ).all()
        strategy = session.scalars(
            select(StrategyUpdate)
            .where(
                StrategyUpdate.user_id == user.id,
                StrategyUpdate.effective_start_date <= week_start,
            )
            .order_by(StrategyUpdate.effective_start_date.desc(), StrategyUpdate.created_at.desc())
        ).first()
        winners = session.scalars(
            select(CreativeMemory.topic)
            .where(CreativeMemory.user_id == user.id)
            .order_by(CreativeMemory.score.desc())
            .limit(WINNER_LIMIT)
        ).all()
        inputs = WeekInputs(
            week_start=week_start,
            timezone=user.timezone or "UTC",
            platforms=creator_platforms(session, user) or ["tiktok"],
            pillars=[ContentPillar(p) for p in prefs.get("content_pillars", [])]
            or list(DEFAULT_PILLARS),
            posts_per_week=int(prefs.get("posts_per_week", 5)),
            posting_hour=int(prefs.get("posting_hour", 18)),
            trends=[
                TrendTopic(
                    topic=s.topic,
                    score=s.score,
                    platform_hint=str(s.platform_hint) if s.platform_hint else None,
                )
                for s in signals
            ],
            strategy=strategy.adjustments_json if strategy is not None else {},
            winning_topics=list(dict.fromkeys(t for t in winners if t)),
            not_before=ctx.clock(),
        )
    return {"inputs": inputs}


def plan_node(state: PlanningState) -> dict[str, Any]:
    return {"plan": plan_week(state["inputs"])}


def save_node(state: PlanningState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    user_id = uuid.UUID(state["user_id"])
    week_start = state["week_start"]
    plan = state["plan"]
    with transaction(ctx.session_factory) as session:
        existing = session.scalars(
            select(ContentCalendar).where(
                ContentCalendar.user_id == user_id, ContentCalendar.period_start == week_start
            )
        ).first()
        if existing is not None:
            return {"calendar_id": str(existing.id), "version": existing.version, "created": False}
        latest = session.scalar(
            select(func.max(ContentCalendar.version)).where(ContentCalendar.user_id == user_id)
        )
        calendar = ContentCalendar(
            user_id=user_id,
            period_start=week_start,
            period_end=week_start + timedelta(days=6),
            version=(latest or 0) + 1,
            strategy_summary=plan.summary,
        )
        session.add(calendar)
        session.flush()
        twin_ids = {
            twin.name.lower(): twin.id
            for twin in session.scalars(
                select(AiTwin).where(AiTwin.user_id == user_id, AiTwin.status == TwinStatus.ACTIVE)
            )
        }
        for item in plan.items:
            session.add(
                CalendarItem(
                    calendar_id=calendar.id,
                    user_id=user_id,
                    planned_date=item.planned_at,
                    planned_platforms=item.platforms,
                    content_pillar=item.pillar,
                    topic=item.topic[:300],
                    notes=item.notes,
                    ai_twin_id=twin_ids.get(item.twin.lower()) if item.twin else None,
                )
            )
        session.flush()
        return {"calendar_id": str(calendar.id), "version": calendar.version, "created": True}


def build_planning_graph() -> CompiledStateGraph[
    PlanningState, RunContext, PlanningState, PlanningState
]:
    graph = StateGraph(PlanningState, context_schema=RunContext)
    graph.add_node("gather", gather_node)
    graph.add_node("plan", plan_node)
    graph.add_node("save", save_node)
    graph.add_edge(START, "gather")
    graph.add_edge("gather", "plan")
    graph.add_edge("plan", "save")
    graph.add_edge("save", END)
    return graph.compile()


def run_weekly_planning(
    ctx: RunContext,
    user_id: uuid.UUID,
    week_start: date,
    *,
    job_id: uuid.UUID | None = None,
    trigger: TriggerType = TriggerType.SCHEDULE_WEEKLY,
) -> PlanningOutcome:
    """Plan the creator's week starting ``week_start`` (a local Monday) as one AgentRun."""
    with transaction(ctx.session_factory) as session:
        agent = session.scalars(select(Agent).where(Agent.user_id == user_id)).first()
        run = AgentRun(
            agent_id=agent.id if agent else None,
            user_id=user_id,
            job_id=job_id,
            trigger_type=trigger,
            status=AgentRunStatus.RUNNING,
        )
        session.add(run)
        session.flush()
        run.thread_id = str(run.id)
        run_id = run.id
    try:
        final = build_planning_graph().invoke(
            {"user_id": str(user_id), "week_start": week_start}, context=ctx
        )
    except Exception as exc:
        _record_failure(ctx, run_id, exc)
        raise
    items = len(final["plan"].items)
    with transaction(ctx.session_factory) as session:
        run = session.get_one(AgentRun, run_id)
        run.status = AgentRunStatus.COMPLETED
        run.result = RunResult.SUCCESS
        run.finished_at = utcnow()
        verb = "planned" if final["created"] else "already planned"
        run.summary = (
            f"Week of {week_start.isoformat()} {verb}: calendar v{final['version']}, {items} items"
        )
        log_event(
            session,
            run,
            EventType.PLAN_CREATED,
            EventSubject.CALENDAR,
            final["calendar_id"],
            run.summary,
        )
    return PlanningOutcome(
        run_id=str(run_id),
        calendar_id=final["calendar_id"],
        version=final["version"],
        items=items,
        created=final["created"],
    )


def _record_failure(ctx: RunContext, run_id: uuid.UUID, exc: Exception) -> None:
    with transaction(ctx.session_factory) as session:
        record_run_failure(
            session,
            session.get_one(AgentRun, run_id),
            exc,
            node="planning",
            label="weekly planning",
            scope=ErrorScope.PLANNER,
            severity=Severity.HIGH,
            context={"graph": "planning"},
        )


def calendar_item_request(session: Session, item: CalendarItem) -> PlanningRequest:
    """What the production planner is asked for a calendar item: its topic, platforms, pillar,
    twin and publishing time."""
    twin = session.get(AiTwin, item.ai_twin_id) if item.ai_twin_id else None
    return PlanningRequest(
        prompt=f"A {item.content_pillar.value.replace('_', ' ')} reel for the calendar",
        topic=item.topic or None,
        platform=Platform(item.planned_platforms[0]) if item.planned_platforms else None,
        extra_platforms=[Platform(p) for p in item.planned_platforms[1:]],
        persona_id=twin.name if twin is not None else None,
        content_pillar=item.content_pillar,
        publish_at=item.planned_date,
        calendar_item_id=str(item.id),
    )


def next_week_start(now: datetime, timezone: str) -> date:
    """The Monday after ``now`` in the creator's zone (the week weekly planning prepares)."""
    local = now.astimezone(ZoneInfo(timezone)).date()
    return local + timedelta(days=7 - local.weekday())
