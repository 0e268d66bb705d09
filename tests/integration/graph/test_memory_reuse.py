"""A second run near an earlier winner reuses its pattern, and says so."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from agents.planner import PlanningRequest
from api.runtime import Runtime
from graph.context import RunContext
from graph.runs import start_run
from storage.memory import CreativeMemory, MemoryUsage

FIRST = PlanningRequest(
    prompt="a 20s TikTok about passkeys replacing passwords", platform="tiktok", duration_sec=20
)
NEAR = PlanningRequest(
    prompt="a 20s TikTok on why passkeys beat passwords for your bank login",
    platform="tiktok",
    duration_sec=20,
)


def _first_hook(outcome: Any) -> str:
    return str(outcome.values["attempts"][0].story.scenes[0].narration)


def test_accepted_story_is_remembered_and_reused_by_a_near_topic(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext, events: list[dict[str, Any]]
) -> None:
    with rt.checkpointer() as saver:
        first = start_run(ctx, saver, creator, FIRST)
        assert first.status == "completed", first.error
        with rt.session_factory() as session:
            remembered = session.scalars(select(CreativeMemory)).all()
        assert {str(m.type) for m in remembered} == {"hook", "emotion_curve", "persona", "topic"}
        assert all(m.reference_id and m.reference_id.startswith(first.job_id) for m in remembered)

        events.clear()
        second = start_run(ctx, saver, creator, NEAR)
    assert second.status == "completed", second.error

    plan = second.values["plan"]
    assert plan.memory_refs, "the planner should lean on the earlier winner"
    plan_done = next(e for e in events if e.get("step") == "plan" and e.get("status") == "done")
    assert plan_done["memory_used"], "the run output shows which memory was reused"
    with rt.session_factory() as session:
        usage = session.scalars(select(MemoryUsage)).all()
        assert {str(u.job_id) for u in usage} == {second.job_id}
        reused = session.scalars(
            select(CreativeMemory).where(CreativeMemory.id.in_([u.memory_id for u in usage]))
        ).all()
        assert reused and all(m.reuse_count == 1 for m in reused)


def test_memory_changes_what_gets_written(rt: Runtime, creator: uuid.UUID, ctx: RunContext) -> None:
    assert ctx.memory is not None
    without_memory = RunContext(**{**ctx.__dict__, "memory": None})
    with rt.checkpointer() as saver:
        baseline = start_run(without_memory, saver, creator, NEAR)
        winner = ctx.memory.remember(
            creator,
            "hook",
            "I deleted 212 passwords in one weekend. Two accounts broke.",
            score=0.95,
            platform="tiktok",
            topic="passkeys and passwords",
            metadata={"hook_type": "surprising_number"},
        )
        informed = start_run(ctx, saver, creator, NEAR)
    assert baseline.status == informed.status == "completed"
    assert not baseline.values["plan"].memory_refs
    assert str(winner) in informed.values["plan"].memory_refs
    assert _first_hook(informed) != _first_hook(baseline)
