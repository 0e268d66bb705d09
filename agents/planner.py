"""The planner agent: decides what one reel should be.

It reads the request, the creator's defaults, platform and audience profiles, trend signals, the
latest strategy update and winning patterns from memory (the last three through tools, so a real
model chooses what to look up), and answers with a :class:`~agents.decisions.ContentPlan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agents.decisions import ContentPillar, ContentPlan, Platform
from agents.prompting import agent_messages
from agents.structured_call import ToolCallRecord, ask_structured, run_tool_loop

PLANNER_PROMPT = """You are the planner of Twinreel, an AI content agent that makes short vertical
videos (reels, shorts, TikToks) for one creator. Decide ONE reel: a specific topic and angle, the
platform it is written for first, content pillar, tone, hook type, an emotion curve from the
library, a target duration (at most 30 seconds; close to the platform's ideal length), and the
audience profile. Use the tools to look at trends, the platform profile and the creator's past
winning patterns before deciding. Respect what the creator asked for explicitly (platform,
duration, persona, topic). Lean on a winning pattern when it fits and list its id in
memory_refs; lean on a trend only when it fits the creator's topic and list it in trend_refs.
Explain your choice in one or two sentences."""

PLANNER_TASK = "Plan the next reel for this request."


class PlanningRequest(BaseModel):
    """What the planner is asked: a chat prompt or a calendar item, with explicit overrides."""

    prompt: str = Field(min_length=1, max_length=2000)
    topic: str | None = None
    platform: Platform | None = None
    extra_platforms: list[Platform] = Field(default_factory=list)
    duration_sec: int | None = Field(default=None, ge=8, le=30)
    persona_id: str | None = None
    content_pillar: ContentPillar | None = None
    aspect: Literal["9_16", "1_1", "4_5"] = "9_16"
    publish_at: datetime | None = Field(
        default=None, description="When to publish (UTC); now when unset."
    )
    calendar_item_id: str | None = Field(
        default=None, description="The calendar item this reel produces, when scheduled."
    )


class PlannerOutcome(BaseModel):
    plan: ContentPlan
    tool_calls: list[ToolCallRecord]


def plan_reel(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    request: PlanningRequest,
    facts: dict[str, Any],
    *,
    callbacks: list[BaseCallbackHandler] | None = None,
) -> PlannerOutcome:
    """Gather what the model wants to look up, then ask for the plan.

    ``facts`` are what the graph already knows (creator defaults, emotion-curve names, audience
    keys, the latest strategy adjustments); the model adds to them through ``tools``.
    """
    context: dict[str, Any] = {"request": request.model_dump(exclude_none=True), **facts}
    _, calls = run_tool_loop(
        model,
        list(tools),
        agent_messages(PLANNER_PROMPT, PLANNER_TASK, context),
        callbacks=callbacks,
    )
    context["looked_up"] = [call.as_context() for call in calls]
    plan = ask_structured(
        model,
        ContentPlan,
        agent_messages(PLANNER_PROMPT, PLANNER_TASK, context),
        callbacks=callbacks,
    )
    return PlannerOutcome(plan=_honour_request(plan, request, facts), tool_calls=calls)


def _honour_request(
    plan: ContentPlan, request: PlanningRequest, facts: dict[str, Any]
) -> ContentPlan:
    """What the creator asked for explicitly is binding, whatever the model preferred."""
    updates: dict[str, Any] = {}
    if request.platform and plan.platform != request.platform:
        updates["platform"] = request.platform
    if request.extra_platforms or request.platform:
        # A platform named in the request is the whole audience unless others are named too.
        primary = request.platform or plan.platform
        updates["extra_platforms"] = [p for p in request.extra_platforms if p != primary]
    if request.duration_sec and plan.target_duration_sec != request.duration_sec:
        updates["target_duration_sec"] = request.duration_sec
    if request.content_pillar and plan.content_pillar != request.content_pillar:
        updates["content_pillar"] = request.content_pillar
    if request.topic and request.topic.lower() not in plan.topic.lower():
        updates["topic"] = request.topic
    curves: list[str] = facts.get("emotion_curves", [])
    if curves and plan.emotion_curve not in curves:
        updates["emotion_curve"] = curves[0]
    audiences: list[str] = facts.get("audience_keys", [])
    if audiences and plan.audience_key not in audiences:
        updates["audience_key"] = audiences[0]
    return plan.model_copy(update=updates) if updates else plan
