"""Story node: one draft per visit; retries see the critic's notes on the previous draft."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents.story import write_story
from graph.audit import log_event
from graph.context import RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run, platform_facts
from graph.state import Attempt, ProductionState
from storage.base import utcnow
from storage.creative import AiTwin, Script, StoryScene
from storage.creative import Story as StoryRecord
from storage.database import transaction
from storage.enums import EventSubject, EventType, OrchestratorEventType
from storage.memory import CreativeMemory
from tools.agent_tools import emotion_curve_dicts


def story_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    plan, constraints = state["plan"], state["constraints"]
    attempts = state.get("attempts", [])
    number = len(attempts) + 1
    step = f"story:{number}"
    with ctx.session_factory() as session:
        done = completed_step(session, job_id, step, Attempt)
        if done is not None:
            return {"attempts": [done]}
        rules = platform_facts(session, user_id, plan.platform)
        curve = next(
            (c for c in emotion_curve_dicts(session, user_id) if c["name"] == plan.emotion_curve),
            None,
        )
        hits = _memory_hits(session, user_id, plan.memory_refs)
        twin = _twin(session, state["persona"].ai_twin_id)

    previous = attempts[-1] if attempts else None
    ctx.progress({"step": "story", "status": "started", "attempt": number})
    story = write_story(
        ctx.model("story"),
        plan=plan,
        constraints=constraints,
        platform_rules=rules,
        emotion_curve=curve,
        memory_hits=hits,
        twin=twin,
        previous=previous.story if previous else None,
        feedback=previous.report if previous else None,
        earlier_hooks=[a.story.hook.narration for a in attempts],
        attempt=number,
        callbacks=ctx.callbacks,
    )
    with transaction(ctx.session_factory) as session:
        run = load_run(session, state["run_id"])
        record = StoryRecord(
            user_id=user_id,
            job_id=job_id,
            persona_id=uuid.UUID(constraints.persona_id),
            platform=plan.platform,
            title=story.title,
            caption=story.caption,
            hashtags=story.hashtags,
            language=story.language,
            total_duration=story.duration_sec,
            attempt=number,
        )
        session.add(record)
        session.flush()
        for position, scene in enumerate(story.scenes):
            session.add(
                StoryScene(
                    story_id=record.id,
                    user_id=user_id,
                    position=position,
                    start_sec=scene.start_sec,
                    end_sec=scene.end_sec,
                    purpose=scene.purpose,
                    narration_text=scene.narration,
                    visual_prompt=scene.visual_prompt,
                    on_screen_text=scene.on_screen_text,
                )
            )
        script = Script(
            user_id=user_id,
            story_id=record.id,
            title=story.title,
            body_text=story.full_script,
            tone=plan.tone,
            language=story.language,
            tags=[tag.lstrip("#") for tag in story.hashtags],
            platform_targets=[plan.platform, *plan.extra_platforms],
            edit_history_json=[
                {
                    "at": utcnow().isoformat(),
                    "editor": "story_agent",
                    "delta": f"attempt {number}"
                    + (" after critic feedback" if previous is not None else ""),
                }
            ],
        )
        session.add(script)
        session.flush()
        log_event(
            session,
            run,
            EventType.SCRIPT_GENERATED,
            EventSubject.SCRIPT,
            script.id,
            f"Attempt {number}: {story.word_count} words, {story.duration_sec:.1f}s",
            story_id=str(record.id),
        )
        attempt = Attempt(
            number=number, story=story, story_id=str(record.id), script_id=str(script.id)
        )
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step=step,
            event_type=OrchestratorEventType.STORY_WRITTEN,
            output=attempt,
        )
    ctx.progress(
        {
            "step": "story",
            "status": "done",
            "attempt": number,
            "story": story.model_dump(mode="json"),
            "words": story.word_count,
        }
    )
    return {"attempts": [attempt]}


def _twin(session: Session, twin_id: str | None) -> dict[str, Any] | None:
    """The twin's look for visual prompts (its style; never the encrypted likeness)."""
    twin = session.get(AiTwin, uuid.UUID(twin_id)) if twin_id else None
    if twin is None:
        return None
    return {"name": twin.name, "style_preset": str(twin.style_preset), "style": twin.style_json}


def _memory_hits(session: Session, user_id: uuid.UUID, refs: list[str]) -> list[dict[str, Any]]:
    """The memories the plan chose to reuse (and whose use the planner recorded)."""
    ids = []
    for ref in refs:
        try:
            ids.append(uuid.UUID(ref))
        except ValueError:
            continue
    if not ids:
        return []
    rows = session.scalars(
        select(CreativeMemory).where(CreativeMemory.id.in_(ids), CreativeMemory.user_id == user_id)
    ).all()
    return [
        {
            "id": str(r.id),
            "kind": str(r.type),
            "text": r.text,
            "score": r.score,
            "topic": r.topic,
            "hook_type": r.metadata_json.get("hook_type"),
            "platform": r.platform,
        }
        for r in rows
    ]
