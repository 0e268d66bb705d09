"""``twinreel run`` and ``twinreel runs …``: make a reel from a prompt, inspect and steer runs."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table
from sqlalchemy import select

from agents.decisions import MAX_REEL_SECONDS, PLATFORMS
from agents.planner import PlanningRequest
from api.commands.common import console, creator_id, fail, runtime
from api.progress_view import ConsoleProgress
from api.runtime import Runtime
from graph.nodes.approval import ApprovalAnswer
from graph.nodes.persona import UnknownPersonaError, resolve_persona
from graph.runs import RunOutcome, RunStateError, answer_run, resume_run, start_run
from storage.creative import CriticScore
from storage.media import VideoReel
from storage.orchestration import AgentRun, EventLog, Job
from storage.publishing import Post
from tools.llm.usage import ModelUsage

runs_app = typer.Typer(help="Inspect, resume and answer production runs.", no_args_is_help=True)

PlatformOpt = Annotated[
    str | None, typer.Option("--platform", "-p", help=f"One of: {', '.join(PLATFORMS)}")
]


def _check_platform(value: str | None, option: str) -> None:
    if value is not None and value not in PLATFORMS:
        raise fail(f"{option}: unknown platform {value!r}; valid: {', '.join(PLATFORMS)}")


def run(
    prompt: Annotated[str, typer.Argument(help="What the reel should be, in your words.")],
    platform: PlatformOpt = None,
    also: Annotated[
        list[str] | None, typer.Option("--also", help="Also publish to this platform (repeat).")
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", help="A twin name or persona (e.g. 'Space Twin').")
    ] = None,
    duration: Annotated[
        int | None, typer.Option("--duration", "-d", help=f"Seconds (8–{MAX_REEL_SECONDS}).")
    ] = None,
    aspect: Annotated[str, typer.Option(help="9_16, 1_1 or 4_5.")] = "9_16",
    user: Annotated[str | None, typer.Option("--user", help="Creator email.")] = None,
    preview_width: Annotated[
        int | None, typer.Option(help="Render smaller (e.g. 540) for a quick preview.")
    ] = None,
) -> None:
    """Make one reel from a prompt: plan, write, critique, render, publish — step by step."""
    _check_platform(platform, "--platform")
    for extra in also or []:
        _check_platform(extra, "--also")
    if duration is not None and not 8 <= duration <= MAX_REEL_SECONDS:
        raise fail(f"--duration: {duration}s is outside 8–{MAX_REEL_SECONDS}s (reels are ≤ 30 s)")
    if aspect not in ("9_16", "1_1", "4_5"):
        raise fail(f"--aspect: unknown aspect {aspect!r}; valid: 9_16, 1_1, 4_5")
    try:
        request = PlanningRequest(
            prompt=prompt,
            platform=platform,
            extra_platforms=also or [],
            duration_sec=duration,
            persona_id=persona,
            aspect=aspect,
        )
    except ValidationError as exc:
        raise fail(_first_error(exc)) from None
    with runtime() as rt:
        user_id = creator_id(rt, user)
        with rt.session_factory() as session:
            try:
                resolve_persona(session, user_id, persona)
            except UnknownPersonaError as exc:
                raise fail(f"--persona: {exc}") from None
        _with_progress(
            rt, preview_width, lambda ctx, saver: start_run(ctx, saver, user_id, request)
        )


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"])
    return f"{field}: {error['msg']}"


def _with_progress(rt: Runtime, preview_width: int | None, action: Any) -> RunOutcome:
    usage = ModelUsage()
    ctx = rt.run_context(ConsoleProgress(console), width_override=preview_width, usage=usage)
    with rt.checkpointer() as saver:
        outcome: RunOutcome = action(ctx, saver)
    _print_outcome(outcome, usage)
    if outcome.status == "failed":
        raise typer.Exit(1)
    return outcome


def _print_outcome(outcome: RunOutcome, usage: ModelUsage) -> None:
    totals = usage.totals()
    console.print(
        f"[dim]run {outcome.run_id} · {totals.calls} LLM call(s), "
        f"{totals.prompt_tokens + totals.completion_tokens} tokens[/]"
    )
    if outcome.status == "completed":
        reel = outcome.values.get("reel")
        if reel is not None:
            console.print(f"[bold green]✓ done[/] reel: {reel.video_path}")
    elif outcome.status in ("awaiting_approval", "awaiting_decision"):
        console.print(
            f"[bold yellow]⏸ paused[/] for your decision: `twinreel runs approve {outcome.run_id}`"
            f" (or reject / edit)"
        )
    elif outcome.status == "rejected":
        console.print("[yellow]run ended: rejected[/]")
    else:
        console.print(
            f"[bold red]✗ failed[/] {outcome.error}\n  resume with `twinreel runs resume "
            f"{outcome.run_id}` once the cause is fixed"
        )


def _run_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise fail(
            f"RUN_ID: {value!r} is not a run id (a UUID; see `twinreel runs list`)"
        ) from None


@runs_app.command("list")
def list_runs(limit: Annotated[int, typer.Option(min=1, max=500)] = 20) -> None:
    """Recent runs, newest first."""
    with runtime() as rt, rt.session_factory() as session:
        rows = session.execute(
            select(AgentRun, Job)
            .join(Job, Job.id == AgentRun.job_id, isouter=True)
            .order_by(AgentRun.started_at.desc())
            .limit(limit)
        ).all()
        table = Table("run", "started", "trigger", "status", "result", "summary")
        for run_row, job in rows:
            table.add_row(
                str(run_row.id),
                run_row.started_at.strftime("%Y-%m-%d %H:%M"),
                str(run_row.trigger_type),
                str(run_row.status),
                str(run_row.result or ""),
                (run_row.summary or (job.request_payload.get("prompt", "") if job else ""))[:60],
            )
        console.print(table)


@runs_app.command("show")
def show_run(run_id: str) -> None:
    """Everything a run recorded: job, critic attempts, events, posts."""
    rid = _run_id(run_id)
    with runtime() as rt, rt.session_factory() as session:
        run_row = session.get(AgentRun, rid)
        if run_row is None:
            raise fail(f"no run {run_id}")
        job = session.get(Job, run_row.job_id) if run_row.job_id else None
        console.print(
            f"[bold]run[/] {run_row.id} · {run_row.trigger_type} · {run_row.status} · "
            f"{run_row.result or ''}"
        )
        if job is not None:
            console.print(f"[bold]job[/] {job.id} · {job.status} · {job.request_payload}")
        scores = session.scalars(
            select(CriticScore)
            .where(CriticScore.job_id == run_row.job_id)
            .order_by(CriticScore.attempt)
        ).all()
        for score in scores:
            flag = " (best effort)" if score.is_best_effort else ""
            console.print(
                f"  attempt {score.attempt}: hook {score.hook_score:.2f} pacing "
                f"{score.pacing_score:.2f} loop {score.loop_score:.2f} total "
                f"{score.total_score:.2f} → {score.verdict}{flag}"
            )
        for event in session.scalars(
            select(EventLog).where(EventLog.run_id == rid).order_by(EventLog.created_at)
        ):
            console.print(
                f"  [dim]{event.created_at:%H:%M:%S}[/] {event.event_type}: {event.message}"
            )
        for post in session.scalars(
            select(Post)
            .join(VideoReel, VideoReel.id == Post.reel_id)
            .where(VideoReel.job_id == run_row.job_id)
            .order_by(Post.created_at)
        ):
            console.print(
                f"  post {post.platform}: {post.publish_status} "
                f"{post.permalink or post.platform_post_id or ''}"
            )
        if run_row.error_json:
            console.print(f"[red]error[/] {run_row.error_json}")


@runs_app.command("resume")
def resume(run_id: str) -> None:
    """Continue a run that was killed or failed, from its last checkpoint."""
    rid = _run_id(run_id)
    with runtime() as rt:
        _steer(rt, lambda ctx, saver: resume_run(ctx, saver, rid))


@runs_app.command("approve")
def approve(run_id: str) -> None:
    """Approve the reel a paused run is waiting on, and publish it."""
    _answer(run_id, ApprovalAnswer(action="approve"))


@runs_app.command("reject")
def reject(run_id: str, reason: Annotated[str, typer.Option(help="Why (kept).")] = "") -> None:
    """Reject the reel a paused run is waiting on; nothing is published."""
    _answer(run_id, ApprovalAnswer(action="reject", reason=reason))


@runs_app.command("edit")
def edit(
    run_id: str,
    caption: Annotated[str | None, typer.Option(help="New caption.")] = None,
    hashtags: Annotated[str | None, typer.Option(help="Comma-separated hashtags.")] = None,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
) -> None:
    """Edit the caption/hashtags/title of a paused run's reel, approve it and publish."""
    if caption is None and hashtags is None and title is None:
        raise fail("edit needs at least one of --caption, --hashtags, --title")
    tags = [t.strip().lstrip("#") for t in hashtags.split(",") if t.strip()] if hashtags else None
    try:
        answer = ApprovalAnswer(action="edit", caption=caption, hashtags=tags, title=title)
    except ValidationError as exc:
        raise fail(_first_error(exc)) from None
    _answer(run_id, answer)


def _answer(run_id: str, answer: ApprovalAnswer) -> None:
    rid = _run_id(run_id)
    with runtime() as rt:
        _steer(rt, lambda ctx, saver: answer_run(ctx, saver, rid, answer))


def _steer(rt: Runtime, action: Any) -> None:
    try:
        _with_progress(rt, None, action)
    except RunStateError as exc:
        raise fail(str(exc)) from None
