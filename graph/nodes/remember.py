"""Remember node: an accepted story becomes creative memory the next runs can reuse.

Its hook, emotion curve, persona and topic are stored with the critic's total as their first
score (analytics move it later). Rows carry ``reference_id = <job>:<kind>``, so a node that runs
again after a crash finds what it already wrote instead of remembering twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime
from sqlalchemy import select

from graph.context import RunContext
from graph.state import ProductionState
from memory.service import NewMemory
from storage.memory import CreativeMemory


def remember_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    if ctx.memory is None:
        return {}
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    with ctx.session_factory() as session:
        written = session.scalars(
            select(CreativeMemory.id).where(
                CreativeMemory.user_id == user_id,
                CreativeMemory.reference_id.like(f"{job_id}:%"),
            )
        ).first()
    if written is not None:
        return {}
    chosen = next(a for a in state["attempts"] if a.number == state.get("chosen_attempt"))
    memories = accepted_story_memories(state, job_id, chosen.number)
    ids = ctx.memory.remember_many(user_id, memories)
    ctx.progress({"step": "memory", "status": "done", "remembered": len(ids)})
    return {}


def accepted_story_memories(
    state: ProductionState, job_id: uuid.UUID, attempt_number: int
) -> list[NewMemory]:
    plan, pick = state["plan"], state["persona"]
    attempt = next(a for a in state["attempts"] if a.number == attempt_number)
    report = attempt.report
    score = report.total_score if report else 0.5
    persona_id = uuid.UUID(pick.persona_id)
    twin_id = uuid.UUID(pick.ai_twin_id) if pick.ai_twin_id else None
    common: dict[str, Any] = {
        "score": score,
        "platform": plan.platform,
        "topic": plan.topic,
        "persona_id": persona_id,
        "ai_twin_id": twin_id,
    }
    hook = attempt.story.hook
    best_effort = state.get("decision") != "accept"
    meta = {"story_id": attempt.story_id, "hook_type": plan.hook_type, "best_effort": best_effort}
    return [
        NewMemory(
            kind="hook",
            text=hook.narration,
            reference_id=f"{job_id}:hook",
            metadata={
                **meta,
                "hook_score": report.hook_score if report else None,
                "on_screen_text": hook.on_screen_text,
            },
            **common,
        ),
        NewMemory(
            kind="emotion_curve",
            text=f"{plan.topic}: {plan.emotion_curve}",
            reference_id=f"{job_id}:emotion_curve",
            metadata={**meta, "emotion_curve": plan.emotion_curve},
            **common,
        ),
        NewMemory(
            kind="persona",
            text=f"{plan.topic}: {pick.persona_name} ({plan.tone})",
            reference_id=f"{job_id}:persona",
            metadata={**meta, "tone": plan.tone},
            **common,
        ),
        NewMemory(
            kind="topic",
            text=f"{plan.topic}: {plan.angle}",
            reference_id=f"{job_id}:topic",
            metadata={**meta, "pillar": plan.content_pillar},
            **common,
        ),
    ]
