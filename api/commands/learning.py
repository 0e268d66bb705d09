"""The learning loop from the command line: analytics, weekly reports, strategy, feedback,
critic calibration data, and ``demo-weeks`` (three simulated weeks, offline, end to end).

Sub-apps to mount in ``api/cli.py``: ``analytics_app`` ("analytics"), ``report_app``
("report"), ``strategy_app`` ("strategy"), ``feedback_app`` ("feedback"),
``calibration_app`` ("calibration"), and the command ``demo_weeks`` ("demo-weeks").
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from langchain_core.language_models import BaseChatModel
from rich.table import Table
from sqlalchemy import select

from agents.publisher import IntegrationTokens, PublishingDeps, is_outbox
from api.commands.common import console, creator_id, fail, runtime
from api.publishers import PlatformPublishers, PublishingConfig
from api.runtime import Runtime
from graph.due_work import LEARN_AFTER, last_finished_week
from graph.learning import (
    InsightsSource,
    LearningDeps,
    LearningOutcome,
    PlatformInsights,
    SimulatedInsights,
    calibration_rows,
    collect_due_snapshots,
    run_learning,
)
from graph.planning import calendar_item_request, next_week_start, run_weekly_planning
from graph.runs import start_run
from storage.analytics import Feedback, StrategyUpdate
from storage.database import transaction
from storage.enums import FeedbackSubject, MemoryType, TriggerType
from storage.identity import IntegrationKey, SocialAccount, User
from storage.memory import CreativeMemory
from storage.orchestration import ExecutionPlan
from storage.planning import CalendarItem, ContentCalendar
from tools.analytics.base import InsightsClient
from tools.analytics.registry import DEFAULT_BASE_URLS, make_insights_client
from tools.llm.offline.model import OfflineWriterModel
from tools.media_store import MediaStore
from tools.trends.pull import pull_trends

analytics_app = typer.Typer(help="Collect post analytics (platform insights or simulated).")
report_app = typer.Typer(help="Weekly reports: HTML with charts and a PDF.")
strategy_app = typer.Typer(help="The strategy update the planner follows next week.")
feedback_app = typer.Typer(help="Rate a script, reel, post or the agent (1–5).")
calibration_app = typer.Typer(help="Critic scores against real outcomes, for evals.")

UserOption = Annotated[str | None, typer.Option("--user", help="Creator email.")]
DEMO_SEED = 7
DEMO_PREVIEW_WIDTH = 270


def utc_now() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ wiring


def analyst_model(models: Mapping[str, BaseChatModel]) -> BaseChatModel | None:
    """The analyst's chat model, or None when it is the offline writer (deterministic text)."""
    model = models.get("analyst")
    return None if model is None or isinstance(model, OfflineWriterModel) else model


@contextmanager
def insights_source(
    rt: Runtime, clock: Callable[[], datetime] = utc_now, http: httpx.Client | None = None
) -> Iterator[InsightsSource]:
    """Live insights for accounts connected through a real integration; the simulator (marked
    simulated) for the local outbox and anything without an insights client."""
    config = PublishingConfig.from_settings(rt.settings)
    publishers = PlatformPublishers(config, http, clock=clock)
    deps = PublishingDeps(
        session_factory=rt.session_factory,
        box=rt.box,
        media=MediaStore(rt.settings.resolved_media_dir),
        publisher_for=publishers,
        clock=clock,
        refresher_for=publishers.refresher_for,
    )
    clients: dict[uuid.UUID, InsightsClient] = {}
    base_urls = dict(rt.settings.platform_base_urls)
    try:
        with rt.session_factory() as session:
            accounts = session.scalars(
                select(SocialAccount).where(SocialAccount.is_connected.is_(True))
            ).all()
            for account in accounts:
                integration = (
                    session.get(IntegrationKey, account.integration_id)
                    if account.integration_id
                    else None
                )
                platform = str(account.platform)
                if is_outbox(integration) or integration is None:
                    continue
                if platform not in DEFAULT_BASE_URLS and platform != "youtube":
                    continue
                tokens = IntegrationTokens(deps, integration.id, publishers.refresher_for(platform))
                clients[account.id] = make_insights_client(
                    platform,
                    tokens,
                    publishers.http,
                    base_url=base_urls.get(platform),
                    today=lambda: clock().date(),
                )
        yield PlatformInsights(clients, fallback=SimulatedInsights(DEMO_SEED))
    finally:
        publishers.close()


def _last_finished_week(rt: Runtime, user_id: uuid.UUID, now: datetime) -> date:
    with rt.session_factory() as session:
        zone = session.get_one(User, user_id).timezone or "UTC"
    return last_finished_week(now, zone)


def _parse_week(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        week = date.fromisoformat(value)
    except ValueError:
        raise fail(f"--week must be a date like 2026-11-30, got {value!r}") from None
    if week.weekday() != 0:
        raise fail(f"--week must be a Monday, got {value} ({week:%A})")
    return week


# ------------------------------------------------------------------ commands


@analytics_app.command("collect")
def analytics_collect(user: UserOption = None) -> None:
    """Take every due snapshot (+1 h, +24 h, +72 h, +7 d after publishing)."""
    with runtime() as rt:
        user_id = creator_id(rt, user) if user else None
        ctx = rt.run_context()
        with insights_source(rt) as source:
            taken = collect_due_snapshots(ctx, source, user_id=user_id)
        console.print(f"[bold green]✓[/] {taken} analytics snapshot(s) recorded")


def print_learning(outcome: LearningOutcome) -> None:
    console.print(f"[bold]Report[/] {outcome.html_path}\n[bold]PDF[/]    {outcome.pdf_path}")
    console.print("[bold]Strategy update[/]")
    console.print_json(json.dumps(outcome.adjustments))
    moved = [(old, new) for old, new in outcome.memory_moves.values() if abs(new - old) > 1e-9]
    console.print(f"[bold]Memory[/] {len(moved)} score(s) moved")


@report_app.command("weekly")
def report_weekly(
    week: Annotated[
        str | None, typer.Option(help="The week's Monday (YYYY-MM-DD); default: last week.")
    ] = None,
    user: UserOption = None,
) -> None:
    """Collect due analytics, write the week's report (HTML + PDF), adapt the strategy and
    reinforce memory: the learning graph for one week."""
    with runtime() as rt:
        user_id = creator_id(rt, user)
        week_start = _parse_week(week) or _last_finished_week(rt, user_id, utc_now())
        ctx = rt.run_context()
        with insights_source(rt) as source:
            outcome = run_learning(
                ctx,
                user_id,
                week_start,
                LearningDeps(source, analyst_model(ctx.models)),
                trigger=TriggerType.MANUAL,
            )
        print_learning(outcome)


@strategy_app.command("show")
def strategy_show(user: UserOption = None) -> None:
    """The latest strategy update (seed 000 §13.1 shape) and when it takes effect."""
    with runtime() as rt:
        user_id = creator_id(rt, user)
        with rt.session_factory() as session:
            latest = session.scalars(
                select(StrategyUpdate)
                .where(StrategyUpdate.user_id == user_id)
                .order_by(
                    StrategyUpdate.effective_start_date.desc(), StrategyUpdate.created_at.desc()
                )
            ).first()
        if latest is None:
            raise fail("no strategy update yet: run `twinreel report weekly` first", code=1)
        console.print(f"[bold]Effective from[/] {latest.effective_start_date.isoformat()}")
        console.print_json(json.dumps(latest.adjustments_json))


@feedback_app.command("add")
def feedback_add(
    subject_type: Annotated[str, typer.Option(help="script, reel, post or agent.")],
    subject_id: Annotated[str, typer.Option(help="The id of what is rated.")],
    rating: Annotated[int, typer.Option(help="1 (poor) to 5 (great).")],
    comment: Annotated[str | None, typer.Option(help="Why, in a few words.")] = None,
    user: UserOption = None,
) -> None:
    """Record a rating; the next strategy update weighs it."""
    try:
        kind = FeedbackSubject(subject_type)
    except ValueError:
        valid = ", ".join(k.value for k in FeedbackSubject)
        raise fail(f"--subject-type must be one of {valid}, got {subject_type!r}") from None
    if not 1 <= rating <= 5:
        raise fail(f"--rating must be between 1 and 5, got {rating}")
    if not subject_id.strip() or len(subject_id) > 100:
        raise fail("--subject-id must be a non-empty id of at most 100 characters")
    with runtime() as rt:
        user_id = creator_id(rt, user)
        with transaction(rt.session_factory) as session:
            row = Feedback(
                user_id=user_id,
                subject_type=kind,
                subject_id=subject_id.strip(),
                rating=rating,
                comment=comment,
            )
            session.add(row)
            session.flush()
            feedback_id = row.id
        console.print(f"[bold green]✓[/] feedback {feedback_id} recorded ({kind} {rating}/5)")


@calibration_app.command("export")
def calibration_export(
    out: Annotated[Path, typer.Option(help="The JSONL file to write.")],
    user: UserOption = None,
) -> None:
    """Each measured post's script and outcome as a scored eval dataset
    (`twinreel eval critic --dataset FILE` then checks the critic on your own results)."""
    with runtime() as rt:
        user_id = creator_id(rt, user)
        with rt.session_factory() as session:
            rows = calibration_rows(session, user_id)
        if not rows:
            raise fail("no measured posts yet: run `twinreel analytics collect` first", code=1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        simulated = sum(1 for r in rows if r["simulated"])
        console.print(f"[bold green]✓[/] {len(rows)} rows → {out} ({simulated} simulated)")


# ------------------------------------------------------------------ demo-weeks


class ManualClock:
    """The demo's simulated time; every graph reads it through the run context."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@dataclass
class DemoWeek:
    week_start: date
    planned: list[tuple[str, str]]  # (topic, why)
    produced: list[dict[str, Any]] = field(default_factory=list)
    learning: LearningOutcome | None = None


def simulate_weeks(
    rt: Runtime,
    user_id: uuid.UUID,
    *,
    weeks: int,
    reels_per_week: int,
    width_override: int | None = DEMO_PREVIEW_WIDTH,
    start: datetime | None = None,
    progress: Callable[[DemoWeek], None] | None = None,
) -> list[DemoWeek]:
    """Plan → produce and publish → simulated snapshots → report → strategy → memory, per week.

    Each week is planned after the previous week's learning ran, so its calendar reads the
    strategy update that learning wrote.
    """
    with rt.session_factory() as session:
        zone = session.get_one(User, user_id).timezone or "UTC"
    clock = ManualClock(start or utc_now())
    base = rt.run_context(width_override=width_override)
    ctx = dataclasses.replace(base, clock=clock)
    deps = LearningDeps(SimulatedInsights(DEMO_SEED), analyst_model(ctx.models))
    week_start = next_week_start(clock.now, zone)
    done: list[DemoWeek] = []
    with rt.checkpointer() as saver:
        for _ in range(weeks):
            pull_trends(rt.session_factory, None, [], clock.now)  # the bundled seed list
            planning = run_weekly_planning(ctx, user_id, week_start, trigger=TriggerType.MANUAL)
            with rt.session_factory() as session:
                items = session.scalars(
                    select(CalendarItem)
                    .join(ContentCalendar, ContentCalendar.id == CalendarItem.calendar_id)
                    .where(ContentCalendar.id == uuid.UUID(planning.calendar_id))
                    .order_by(CalendarItem.planned_date)
                ).all()
                for item in items:
                    session.expunge(item)
            week = DemoWeek(week_start, [(i.topic, i.notes.split(";")[0]) for i in items])
            for item in items[:reels_per_week]:
                clock.now = max(clock.now, item.planned_date)
                with rt.session_factory() as session:
                    request = calendar_item_request(session, item).model_copy(
                        update={"publish_at": clock.now}
                    )
                outcome = start_run(ctx, saver, user_id, request, TriggerType.SCHEDULE_DAILY)
                week.produced.append(_produced(rt, outcome.job_id, outcome.status))
            next_monday = week_start + timedelta(days=7)
            clock.now = max(
                clock.now, datetime.combine(next_monday, datetime.min.time(), UTC) + LEARN_AFTER
            )
            week.learning = run_learning(ctx, user_id, week_start, deps)
            done.append(week)
            if progress is not None:
                progress(week)
            week_start = next_monday
    return done


def _produced(rt: Runtime, job_id: str, status: str) -> dict[str, Any]:
    with rt.session_factory() as session:
        plan = (
            session.scalars(
                select(ExecutionPlan.plan_json).where(ExecutionPlan.job_id == uuid.UUID(job_id))
            ).first()
            or {}
        )
    return {
        "job_id": job_id,
        "status": status,
        "topic": plan.get("topic"),
        "platform": plan.get("platform"),
        "hook_type": plan.get("hook_type"),
        "tone": plan.get("tone"),
    }


def _print_week(week: DemoWeek) -> None:
    console.rule(f"[bold]Week of {week.week_start.isoformat()}")
    table = Table("planned topic", "why")
    for topic, why in week.planned:
        table.add_row(topic, why)
    console.print(table)
    made = Table("reel topic", "platform", "hook", "status")
    for reel in week.produced:
        made.add_row(
            str(reel["topic"]), str(reel["platform"]), str(reel["hook_type"]), reel["status"]
        )
    console.print(made)
    if week.learning is not None:
        print_learning(week.learning)


def demo_weeks(
    weeks: Annotated[int, typer.Option(min=1, max=8, help="How many weeks to simulate.")] = 3,
    reels_per_week: Annotated[int, typer.Option(min=1, max=7, help="Reels made per week.")] = 3,
    preview_width: Annotated[int, typer.Option(help="Render width (small is quick).")] = (
        DEMO_PREVIEW_WIDTH
    ),
) -> None:
    """Simulate weeks offline: plan, make and publish reels, measure them (simulated
    audience), report, adapt the strategy and reinforce memory — each week learning from
    the last."""
    from api.commands.db import upgrade_and_seed

    with runtime() as rt:
        user = upgrade_and_seed(rt, demo_creator=True)
        assert user is not None
        done = simulate_weeks(
            rt,
            user.id,
            weeks=weeks,
            reels_per_week=reels_per_week,
            width_override=preview_width,
            progress=_print_week,
        )
        _print_memory(rt, user.id, done)


def _print_memory(rt: Runtime, user_id: uuid.UUID, weeks: list[DemoWeek]) -> None:
    """Hook memories with the score they had before analytics first moved them, and now."""
    first: dict[str, float] = {}
    for week in weeks:
        for memory_id, (old, _new) in (week.learning.memory_moves if week.learning else {}).items():
            first.setdefault(memory_id, old)
    console.rule("[bold]Creative memory: hooks, critic score → after analytics")
    table = Table("topic", "hook", "before", "now")
    with rt.session_factory() as session:
        rows = session.scalars(
            select(CreativeMemory)
            .where(CreativeMemory.user_id == user_id, CreativeMemory.type == MemoryType.HOOK)
            .order_by(CreativeMemory.score.desc())
        ).all()
        for row in rows[:12]:
            start = first.get(str(row.id), row.score)
            table.add_row(row.topic[:40], row.text[:50], f"{start:.2f}", f"{row.score:.2f}")
    console.print(table)
