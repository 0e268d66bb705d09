"""The production graph's state: one reel, from request to post.

Fields hold typed decisions (pydantic models from ``agents.decisions``) so every node reads and
returns real types; the checkpointer is told exactly which classes it may revive.
"""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired, TypedDict

from pydantic import BaseModel, Field

from agents.decisions import ContentPlan, CriticReport, Story, WritingConstraints
from agents.planner import PlanningRequest

ApprovalStatus = Literal["auto_approved", "creator_approved", "rejected"]
CriticDecision = Literal["accept", "retry", "best_effort", "ask_creator"]


class PersonaPick(BaseModel):
    """Which persona, twin and voice a run uses (ids of records)."""

    persona_id: str
    persona_name: str
    ai_twin_id: str | None = None
    twin_name: str | None = None
    voice_profile_id: str | None = None


class Attempt(BaseModel):
    """One story draft and, once scored, the critic's report on it."""

    number: int = Field(ge=1)
    story: Story
    story_id: str
    script_id: str
    report: CriticReport | None = None
    critic_score_id: str | None = None


class ReelOutcome(BaseModel):
    reel_id: str
    render_job_id: str
    video_path: str
    thumbnail_path: str | None
    duration_sec: float
    aspect: str
    caption: str
    hashtags: list[str]


class PostOutcome(BaseModel):
    post_id: str
    platform: str
    account_handle: str
    status: str
    platform_post_id: str | None = None
    url: str | None = None


def merge_attempts(current: list[Attempt], update: list[Attempt]) -> list[Attempt]:
    """Upsert by attempt number, so the critic can attach its report to the draft it scored."""
    merged = {attempt.number: attempt for attempt in current}
    for attempt in update:
        merged[attempt.number] = attempt
    return [merged[number] for number in sorted(merged)]


class ProductionState(TypedDict):
    job_id: str
    run_id: str
    user_id: str
    request: PlanningRequest
    plan: NotRequired[ContentPlan]
    persona: NotRequired[PersonaPick]
    constraints: NotRequired[WritingConstraints]
    attempts: Annotated[list[Attempt], merge_attempts]
    decision: NotRequired[CriticDecision]
    chosen_attempt: NotRequired[int]
    reel: NotRequired[ReelOutcome]
    approval: NotRequired[ApprovalStatus]
    posts: NotRequired[list[PostOutcome]]


REVIVABLE_TYPES: list[tuple[str, str]] = (
    [
        ("agents.decisions", name)
        for name in (
            "ContentPlan",
            "CriticReport",
            "Story",
            "Scene",
            "ScoreNote",
            "WritingConstraints",
        )
    ]
    + [("agents.planner", "PlanningRequest")]
    + [("graph.state", name) for name in ("PersonaPick", "Attempt", "ReelOutcome", "PostOutcome")]
)
