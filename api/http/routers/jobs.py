"""Jobs and runs: start, list, inspect, stream, cancel, resume; the review queue and the
approve/reject/edit answers that resume a paused run."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from sqlalchemy import select

from agents.planner import PlanningRequest
from api.http import work
from api.http.deps import CallerDep, SessionDep, StateDep, rate_limited, require
from api.http.runner import mark_cancelled
from api.http.schemas.jobs import (
    ApprovalEdit,
    CriticAttemptOut,
    EventOut,
    JobDetail,
    JobOut,
    JobRef,
    ReelRequest,
    RejectBody,
    RunOut,
)
from api.http.schemas.resources import ReviewItem
from api.http.sse import job_events, stream_response, wants_stream
from graph.nodes.approval import ApprovalAnswer
from graph.runs import RunStateError
from storage.creative import CriticScore
from storage.enums import JobStatus
from storage.errors import InvalidValueError
from storage.media import VideoReel
from storage.orchestration import AgentRun, EventLog, Job
from storage.publishing import Post
from storage.repositories import review_queue

router = APIRouter(prefix="/v1", tags=["jobs and runs"])

Limit = Annotated[int, Query(ge=1, le=200)]
FINISHED = (JobStatus.COMPLETED, JobStatus.CANCELLED)


def reel_out(reel: VideoReel) -> dict[str, object]:
    return {
        **{c: getattr(reel, c) for c in ReviewItem.model_fields if hasattr(reel, c)},
        "video_url": f"/v1/reels/{reel.id}/video",
    }


@router.post(
    "/jobs",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobRef,
    dependencies=[Depends(rate_limited("chat"))],
    summary="Make one reel (a production run in the background)",
)
def create_job(
    body: ReelRequest,
    caller: CallerDep,
    state: StateDep,
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=100,
            description="Retry-safe: the same key returns the job it already started.",
        ),
    ] = None,
) -> Response | JobRef:
    scoped_key = f"api:{caller.user_id}:{idempotency_key}" if idempotency_key else None
    if scoped_key is not None:
        with state.runtime.session_factory() as session:
            existing = session.scalars(select(Job).where(Job.idempotency_key == scoped_key)).first()
            run = work.latest_run(session, existing.id) if existing is not None else None
        if existing is not None:
            ref = JobRef(
                job_id=existing.id,
                run_id=run.id if run else None,
                status=str(existing.status),
                links=work.links(existing.id, run.id if run else None),
            )
            if wants_stream(request):
                return _stream(
                    state, [existing.id], ref.model_dump(mode="json"), current_only=False
                )
            return ref
    work.check_persona(state, caller.user_id, body.persona)
    planning = PlanningRequest(
        prompt=body.prompt,
        platform=body.platform,
        extra_platforms=list(body.extra_platforms),
        duration_sec=body.duration_sec,
        persona_id=body.persona,
        aspect=body.aspect,
    )
    [ref] = work.start_reels(state, caller.user_id, [planning], idempotency_key=scoped_key)
    if wants_stream(request):
        return _stream(state, [ref.job_id], ref.model_dump(mode="json"))
    return ref


@router.get("/jobs", response_model=list[JobOut], summary="Your jobs, newest first")
def list_jobs(
    caller: CallerDep,
    session: SessionDep,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
) -> list[Job]:
    query = select(Job).where(Job.user_id == caller.user_id)
    if status_ is not None:
        query = query.where(Job.status == status_)
    return list(session.scalars(query.order_by(Job.created_at.desc()).limit(limit)))


@router.get("/jobs/{job_id}", response_model=JobDetail, summary="A job: status, progress, records")
def get_job(
    job_id: uuid.UUID, caller: CallerDep, session: SessionDep, state: StateDep
) -> JobDetail:
    job = work.owned_job(session, job_id, caller.user_id)
    runs = session.scalars(
        select(AgentRun).where(AgentRun.job_id == job.id).order_by(AgentRun.started_at)
    ).all()
    scores = session.scalars(
        select(CriticScore)
        .where(CriticScore.job_id == job.id, CriticScore.user_id == caller.user_id)
        .order_by(CriticScore.attempt)
    ).all()
    reels = session.scalars(
        select(VideoReel.id).where(VideoReel.job_id == job.id, VideoReel.user_id == caller.user_id)
    ).all()
    posts = (
        session.scalars(
            select(Post.id).where(Post.reel_id.in_(reels), Post.user_id == caller.user_id)
        ).all()
        if reels
        else []
    )
    events = (
        session.scalars(
            select(EventLog)
            .where(EventLog.run_id.in_([r.id for r in runs]), EventLog.user_id == caller.user_id)
            .order_by(EventLog.created_at)
            .limit(200)
        ).all()
        if runs
        else []
    )
    base = JobOut.model_validate(job).model_dump()
    return JobDetail(
        **base,
        runs=[RunOut.model_validate(r) for r in runs],
        critic_attempts=[CriticAttemptOut.model_validate(s) for s in scores],
        reel_ids=list(reels),
        post_ids=list(posts),
        events=[EventOut.model_validate(e) for e in events],
        live=state.runner.is_running(job.id),
        progress=state.bus.history(job.id)[-100:],
    )


@router.get(
    "/jobs/{job_id}/events",
    summary="Stream a job's progress (Server-Sent Events), replayed from its start",
    response_class=Response,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def job_event_stream(job_id: uuid.UUID, caller: CallerDep, state: StateDep) -> Response:
    # No SessionDep: a yield dependency would hold a pooled connection for the whole stream.
    with state.runtime.session_factory() as session:
        work.owned_job(session, job_id, caller.user_id)
    return _stream(state, [job_id], {"job_id": str(job_id)}, current_only=False)


def _stream(
    state: StateDep,
    job_ids: list[uuid.UUID],
    preamble: dict[str, object],
    *,
    current_only: bool = True,
) -> Response:
    """SSE of the jobs' progress: by default only the execution just started (an approval's
    stream shows the publishing, not the whole making again)."""
    with state.runtime.session_factory() as session:
        fallback = {j: work.fallback_answer(session, j) for j in job_ids}
    return stream_response(
        job_events(state.bus, job_ids, dict(preamble), fallback, current_only=current_only)
    )


@router.post(
    "/jobs/{job_id}/cancel", response_model=JobRef, summary="Cancel a job that has not finished"
)
def cancel_job(job_id: uuid.UUID, caller: CallerDep, state: StateDep) -> JobRef:
    with state.runtime.session_factory() as session:
        job = work.owned_job(session, job_id, caller.user_id)
        if job.status in FINISHED:
            raise RunStateError(f"job {job_id} already ended ({job.status})")
        run = work.latest_run(session, job.id)
    if state.runner.cancel(job_id):
        return JobRef(
            job_id=job_id,
            run_id=run.id if run else None,
            status="cancelling",
            links=work.links(job_id, None),
        )
    mark_cancelled(state.runtime, job_id)
    return JobRef(
        job_id=job_id,
        run_id=run.id if run else None,
        status="cancelled",
        links=work.links(job_id, None),
    )


@router.post(
    "/jobs/{job_id}/resume",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobRef,
    summary="Continue a failed or interrupted job from its last checkpoint",
)
def resume_job(
    job_id: uuid.UUID, caller: CallerDep, state: StateDep, request: Request
) -> Response | JobRef:
    with state.runtime.session_factory() as session:
        job = work.owned_job(session, job_id, caller.user_id)
        if job.status == JobStatus.CANCELLED:
            raise RunStateError(f"job {job_id} was cancelled")
        run = work.latest_run(session, job.id)
    if run is None:
        raise RunStateError(f"job {job_id} has no run to resume")
    if state.runner.is_running(job_id):
        raise RunStateError(f"job {job_id} is already running")
    state.runner.resume(job_id, run.id)
    ref = JobRef(job_id=job_id, run_id=run.id, status="running", links=work.links(job_id, run.id))
    if wants_stream(request):
        return _stream(state, [job_id], ref.model_dump(mode="json"))
    return ref


@router.get("/runs/{run_id}", response_model=RunOut, summary="One execution of a job")
def get_run(run_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> AgentRun:
    return work.owned_run(session, run_id, caller.user_id)


@router.get(
    "/reviews",
    response_model=list[ReviewItem],
    summary="Reels awaiting your approval (the review queue), newest first",
)
def list_reviews(caller: CallerDep, session: SessionDep, limit: Limit = 50) -> list[ReviewItem]:
    reels = review_queue(session, caller.user_id, limit)
    job_ids = [r.job_id for r in reels if r.job_id is not None]
    runs: dict[uuid.UUID, uuid.UUID] = {}
    if job_ids:
        for run in session.scalars(
            select(AgentRun).where(AgentRun.job_id.in_(job_ids)).order_by(AgentRun.started_at)
        ):
            if run.job_id is not None:
                runs[run.job_id] = run.id
    return [
        ReviewItem.model_validate(
            {**reel_out(reel), "run_id": runs.get(reel.job_id) if reel.job_id else None}
        )
        for reel in reels
    ]


Approver = Annotated[object, Depends(require("approve_reels"))]


def _answer(
    run_id: uuid.UUID, caller: CallerDep, state: StateDep, request: Request, answer: ApprovalAnswer
) -> Response | JobRef:
    with state.runtime.session_factory() as session:
        run = work.owned_run(session, run_id, caller.user_id)
    ref = work.answer(state, run, answer)
    if wants_stream(request):
        return _stream(state, [ref.job_id], ref.model_dump(mode="json"))
    return ref


@router.post(
    "/runs/{run_id}/approve",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobRef,
    summary="Approve the reel a paused run waits on, and publish it",
)
def approve_run(
    run_id: uuid.UUID, caller: CallerDep, state: StateDep, request: Request, _: Approver
) -> Response | JobRef:
    return _answer(run_id, caller, state, request, ApprovalAnswer(action="approve"))


@router.post(
    "/runs/{run_id}/reject",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobRef,
    summary="Reject the reel a paused run waits on; nothing is published",
)
def reject_run(
    run_id: uuid.UUID,
    caller: CallerDep,
    state: StateDep,
    request: Request,
    _: Approver,
    body: RejectBody | None = None,
) -> Response | JobRef:
    reason = body.reason if body else ""
    return _answer(run_id, caller, state, request, ApprovalAnswer(action="reject", reason=reason))


@router.post(
    "/runs/{run_id}/edit",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobRef,
    summary="Edit caption/hashtags/title of a paused run's reel, approve and publish it",
)
def edit_run(
    run_id: uuid.UUID,
    body: ApprovalEdit,
    caller: CallerDep,
    state: StateDep,
    request: Request,
    _: Approver,
) -> Response | JobRef:
    if body.caption is None and body.hashtags is None and body.title is None:
        raise InvalidValueError(
            "caption", None, reason="edit needs at least one of caption, hashtags, title"
        )
    answer = ApprovalAnswer(
        action="edit",
        caption=body.caption,
        hashtags=[t.lstrip("#") for t in body.hashtags] if body.hashtags else body.hashtags,
        title=body.title,
    )
    return _answer(run_id, caller, state, request, answer)
