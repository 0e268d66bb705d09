"""The production graph end to end on the offline defaults: records, retries, approval."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from agents.planner import PlanningRequest
from api.runtime import Runtime
from graph.context import RunContext
from graph.nodes.approval import ApprovalAnswer
from graph.runs import answer_run, start_run
from storage.creative import (
    CriticFeedback,
    CriticScore,
    EmotionCurveRun,
    PersonaUsage,
    Script,
    StoryScene,
)
from storage.creative import Story as StoryRecord
from storage.enums import (
    AgentRunStatus,
    AgentState,
    ApprovalStatus,
    OrchestratorEventType,
    PublishStatus,
    RenderStatus,
    RunResult,
)
from storage.identity import Agent
from storage.media import AudioTrack, Image, MediaAsset, RenderJob, Video, VideoReel
from storage.orchestration import AgentRun, EventLog, ExecutionPlan, Job, OrchestratorEvent
from storage.planning import PlatformProfile, StrategyRun
from storage.publishing import Post, PublisherTask

REQUEST = PlanningRequest(
    prompt="a 20s TikTok about passkeys, playful", platform="tiktok", duration_sec=20
)


def count(factory: sessionmaker[Session], model: type[Any], *where: Any) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_offline_run_goes_from_prompt_to_published_post_with_every_record(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext, events: list[dict[str, Any]]
) -> None:
    with rt.checkpointer() as saver:
        outcome = start_run(ctx, saver, creator, REQUEST)

    assert outcome.status == "completed", outcome.error
    f = rt.session_factory
    job_id = uuid.UUID(outcome.job_id)
    attempts = count(f, StoryRecord, StoryRecord.job_id == job_id)
    assert attempts >= 1
    scenes = count(f, StoryScene)
    assert scenes >= attempts * 4  # hook, escalate, twist, loop at least
    assert count(f, Script) == attempts
    assert count(f, CriticScore, CriticScore.job_id == job_id) == attempts
    assert count(f, CriticFeedback) == attempts
    for model in (StrategyRun, ExecutionPlan, EmotionCurveRun, PersonaUsage, Video, AudioTrack):
        assert count(f, model) == 1, model.__name__
    assert count(f, Image) == scenes // attempts  # one visual per scene of the chosen draft
    decided = (OrchestratorEventType.ACCEPTED, OrchestratorEventType.BEST_EFFORT_ACCEPTED)
    assert count(f, OrchestratorEvent, OrchestratorEvent.event_type.in_(decided)) == 1

    with f() as session:
        job = session.get_one(Job, job_id)
        assert job.status == "completed"
        run = session.get_one(AgentRun, uuid.UUID(outcome.run_id))
        assert run.status == AgentRunStatus.COMPLETED and run.result == RunResult.SUCCESS
        assert "published" in run.summary
        agent = session.get_one(Agent, run.agent_id)
        assert agent.state == AgentState.IDLE
        render = session.scalars(select(RenderJob)).one()
        assert render.status == RenderStatus.SUCCEEDED and render.progress_pct == 100.0
        reel = session.scalars(select(VideoReel)).one()
        assert reel.approval_status == ApprovalStatus.AUTO_APPROVED
        assert 8 <= reel.length_sec <= 30
        assert {a.type for a in session.scalars(select(MediaAsset))} >= {
            "audio",
            "raw_video",
            "thumbnail",
        }
        post = session.scalars(select(Post)).one()
        assert post.publish_status == PublishStatus.PUBLISHED
        assert post.platform == "tiktok" and post.platform_post_id
        assert session.scalars(select(PublisherTask)).one().status == "succeeded"
        event_types = {e.event_type for e in session.scalars(select(EventLog))}
        assert {
            "plan_created",
            "script_generated",
            "render_started",
            "render_succeeded",
            "publish_scheduled",
            "publish_succeeded",
            "run_finished",
        } <= event_types

    outbox_files = {p.name for p in rt.settings.resolved_outbox_dir.rglob("*") if p.is_file()}
    assert any(name.endswith(".mp4") for name in outbox_files)
    steps = [e["step"] for e in events if e.get("status") == "done"]
    assert steps[:3] == ["plan", "persona", "story"] and steps[-1] == "publish"


def test_critic_retries_then_best_attempt_goes_on_flagged(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext
) -> None:
    _demand_the_impossible(rt.session_factory, creator)
    with rt.checkpointer() as saver:
        outcome = start_run(ctx, saver, creator, REQUEST)

    assert outcome.status == "completed", outcome.error
    f = rt.session_factory
    assert count(f, StoryRecord) == 3  # the first draft + retry_limit (2) retries
    assert (
        count(
            f,
            OrchestratorEvent,
            OrchestratorEvent.event_type == OrchestratorEventType.RETRY_TRIGGERED,
        )
        == 2
    )
    with f() as session:
        scores = session.scalars(select(CriticScore).order_by(CriticScore.attempt)).all()
        flagged = [s for s in scores if s.is_best_effort]
        assert len(flagged) == 1
        assert flagged[0].total_score == max(s.total_score for s in scores)
        plan = session.scalars(select(ExecutionPlan)).one()
        assert plan.current_retry == 2 and plan.status == "completed"
        reel = session.scalars(select(VideoReel)).one()
        assert reel.quality_score == flagged[0].total_score


def test_retry_feedback_changes_the_next_draft(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext, events: list[dict[str, Any]]
) -> None:
    _demand_the_impossible(rt.session_factory, creator)
    with rt.checkpointer() as saver:
        start_run(ctx, saver, creator, REQUEST)
    drafts = [
        json.dumps(e["story"]["scenes"])
        for e in events
        if e.get("step") == "story" and e.get("status") == "done"
    ]
    assert len(drafts) == 3 and len(set(drafts)) == 3


def test_stop_at_retry_limit_asks_the_creator_and_reject_ends_without_render(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext, set_prefs: Any
) -> None:
    _demand_the_impossible(rt.session_factory, creator)
    set_prefs(stop_at_retry_limit=True)
    with rt.checkpointer() as saver:
        outcome = start_run(ctx, saver, creator, REQUEST)
        assert outcome.status == "awaiting_decision"
        assert outcome.interrupt is not None and outcome.interrupt["kind"] == "retry_limit"
        rejected = answer_run(
            ctx,
            saver,
            uuid.UUID(outcome.run_id),
            ApprovalAnswer(action="reject", reason="off-brand"),
        )
    assert rejected.status == "rejected"
    assert count(rt.session_factory, RenderJob) == 0
    assert count(rt.session_factory, Post) == 0


def test_approval_pauses_before_publishing_and_approve_publishes(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext, set_prefs: Any
) -> None:
    set_prefs(approval_required=True)
    f = rt.session_factory
    with rt.checkpointer() as saver:
        paused = start_run(ctx, saver, creator, REQUEST)
        assert paused.status == "awaiting_approval"
        assert paused.interrupt is not None
        assert Path(paused.interrupt["video_path"]).is_file()
        assert paused.interrupt["scores"]["total_score"] > 0
        assert count(f, Post) == 0
        with f() as session:
            assert session.scalars(select(VideoReel)).one().approval_status == "pending_review"
            assert session.scalars(select(Job)).one().status == "awaiting_approval"

        done = answer_run(
            ctx,
            saver,
            uuid.UUID(paused.run_id),
            ApprovalAnswer(
                action="edit", caption="Passwords are done. Here is why.", hashtags=["passkeys"]
            ),
        )
    assert done.status == "completed", done.error
    with f() as session:
        reel = session.scalars(select(VideoReel)).one()
        assert reel.approval_status == ApprovalStatus.CREATOR_APPROVED
        assert reel.caption_text == "Passwords are done. Here is why."
        post = session.scalars(select(Post)).one()
        assert post.publish_status == "published"
        assert post.caption.startswith("Passwords are done.")
        script = session.scalars(select(Script).where(Script.status == "approved")).one()
        assert script.edit_history_json[-1]["editor"] == "creator"


def test_reject_at_approval_publishes_nothing(
    rt: Runtime, creator: uuid.UUID, ctx: RunContext, set_prefs: Any
) -> None:
    set_prefs(approval_required=True)
    with rt.checkpointer() as saver:
        paused = start_run(ctx, saver, creator, REQUEST)
        outcome = answer_run(
            ctx,
            saver,
            uuid.UUID(paused.run_id),
            ApprovalAnswer(action="reject", reason="not today"),
        )
    assert outcome.status == "rejected"
    f = rt.session_factory
    assert count(f, Post) == 0
    with f() as session:
        assert session.scalars(select(VideoReel)).one().approval_status == "rejected"
        run = session.scalars(select(AgentRun)).one()
        assert run.result == RunResult.PARTIAL_SUCCESS and "not today" in run.summary


def _demand_the_impossible(factory: sessionmaker[Session], user_id: uuid.UUID) -> None:
    """A creator-specific TikTok profile whose accept threshold no draft can reach."""
    from storage.database import transaction

    with transaction(factory) as session:
        shared = session.scalars(
            select(PlatformProfile).where(
                PlatformProfile.platform == "tiktok", PlatformProfile.user_id.is_(None)
            )
        ).one()
        session.add(
            PlatformProfile(
                user_id=user_id,
                platform="tiktok",
                ideal_length=shared.ideal_length,
                hook_window_seconds=shared.hook_window_seconds,
                loop_weight=shared.loop_weight,
                priority_metrics=shared.priority_metrics,
                rules={**shared.rules, "accept_threshold": 0.999},
            )
        )
