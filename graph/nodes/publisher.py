"""Publisher node: posts per target account, published now or left scheduled, run finished."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime
from pydantic import BaseModel
from sqlalchemy import update

from agents.publisher import PublishingDeps, ensure_posts, publish_tool, target_accounts
from graph.audit import log_event, set_agent_state
from graph.context import RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run
from graph.state import PostOutcome, ProductionState
from storage.base import utcnow
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    AgentState,
    CalendarItemStatus,
    EventSubject,
    EventType,
    JobStatus,
    OrchestratorEventType,
    PublishStatus,
    RunResult,
)
from storage.identity import SocialAccount
from storage.media import VideoReel
from storage.orchestration import Job
from storage.planning import CalendarItem
from storage.publishing import Post
from tools.media_store import MediaStore

STEP = "publish"


class PublishStep(BaseModel):
    posts: list[PostOutcome]
    missing_platforms: list[str]


def publisher_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    with ctx.session_factory() as session:
        done = completed_step(session, job_id, STEP, PublishStep)
        if done is not None:
            return {"posts": done.posts}

    plan, reel_outcome = state["plan"], state["reel"]
    platforms: list[str] = list(dict.fromkeys([plan.platform, *plan.extra_platforms]))
    scheduled_time = state["request"].publish_at or ctx.clock()
    ctx.progress({"step": "publish", "status": "started", "platforms": platforms})
    with transaction(ctx.session_factory) as session:
        run = load_run(session, state["run_id"])
        set_agent_state(session, run.agent_id, AgentState.PUBLISHING)
        reel = session.get_one(VideoReel, uuid.UUID(reel_outcome.reel_id))
        accounts = target_accounts(session, user_id, platforms)
        posts = ensure_posts(
            session,
            user_id=user_id,
            job_id=job_id,
            reel=reel,
            accounts=accounts,
            scheduled_time=scheduled_time,
        )
        due = [p.id for p in posts if p.scheduled_time is None or p.scheduled_time <= ctx.clock()]
        post_ids = [p.id for p in posts]
    missing = [p for p in platforms if p not in {str(a.platform) for a in accounts}]

    deps = PublishingDeps(
        session_factory=ctx.session_factory,
        box=ctx.box,
        media=MediaStore(ctx.media.media_dir),
        publisher_for=ctx.publisher_for,
        refresher_for=ctx.refresher_for,
        clock=ctx.clock,
        worker_node=ctx.worker_node,
    )
    tool = publish_tool(deps)
    for post_id in due:
        result = tool.invoke({"post_id": str(post_id)})
        ctx.progress({"step": "publish", "status": str(result["status"]), **result})

    with transaction(ctx.session_factory) as session:
        outcomes = [_outcome(session, post_id) for post_id in post_ids]
        _finish_run(session, state, outcomes, missing)
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step=STEP,
            event_type=OrchestratorEventType.PUBLISHED,
            output=PublishStep(posts=outcomes, missing_platforms=missing),
        )
    ctx.progress(
        {
            "step": "publish",
            "status": "done",
            "posts": [o.model_dump(mode="json") for o in outcomes],
            "missing": missing,
        }
    )
    return {"posts": outcomes}


def _outcome(session: Any, post_id: uuid.UUID) -> PostOutcome:
    post = session.get_one(Post, post_id)
    account = session.get(SocialAccount, post.account_id) if post.account_id else None
    return PostOutcome(
        post_id=str(post.id),
        platform=str(post.platform),
        account_handle=account.handle if account else "",
        status=str(post.publish_status),
        platform_post_id=post.platform_post_id,
        url=post.permalink,
    )


def _finish_run(
    session: Any, state: ProductionState, outcomes: list[PostOutcome], missing: list[str]
) -> None:
    run = load_run(session, state["run_id"])
    job_id = uuid.UUID(state["job_id"])
    published = [o for o in outcomes if o.status == PublishStatus.PUBLISHED]
    failed = [o for o in outcomes if o.status == PublishStatus.FAILED]
    result = (
        RunResult.SUCCESS if outcomes and not failed and not missing else RunResult.PARTIAL_SUCCESS
    )
    reel = state["reel"]
    summary = (
        f"Reel {reel.duration_sec:.1f}s → {len(published)} published, "
        f"{len(outcomes) - len(published) - len(failed)} scheduled, {len(failed)} failed"
        + (f"; no connected account for {', '.join(missing)}" if missing else "")
    )
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(
            status=JobStatus.COMPLETED,
            progress_pct=100.0,
            finished_at=utcnow(),
            result_json={
                "reel_id": reel.reel_id,
                "video": reel.video_path,
                "posts": [o.model_dump(mode="json") for o in outcomes],
                "missing": missing,
            },
        )
    )
    run.status = AgentRunStatus.COMPLETED
    run.result = result
    run.finished_at = utcnow()
    run.summary = summary
    if published:
        session.execute(
            update(CalendarItem)
            .where(CalendarItem.job_id == job_id)
            .values(status=CalendarItemStatus.PUBLISHED)
        )
    set_agent_state(session, run.agent_id, AgentState.IDLE)
    log_event(session, run, EventType.RUN_FINISHED, EventSubject.JOB, job_id, summary)
