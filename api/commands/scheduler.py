"""``twinreel scheduler``: run autonomous work (planning, production, publishing, trend spikes,
analytics collection and the weekly learning).

Several schedulers may run against one database (they never run the same work twice), and a
restarted scheduler continues from the queue in the database. Trend feeds configured in
``TWINREEL_TREND_FEEDS`` are pulled before each pass.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated

import httpx
import typer

from api.commands.common import console, runtime
from api.commands.learning import analyst_model, insights_source
from api.publishers import PlatformPublishers, PublishingConfig
from api.runtime import Runtime
from graph.due_work import DuePolicy
from graph.learning import LearningDeps
from graph.scheduler import Scheduler, TickReport
from tools.platforms.polling import PollPolicy
from tools.trends.feeds import FeedSpec
from tools.trends.pull import pull_trends

FEED_TIMEOUT_SEC = 20.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def due_policy(rt: Runtime) -> DuePolicy:
    settings = rt.settings
    return DuePolicy(
        production_lead=timedelta(hours=settings.production_lead_hours),
        trend_threshold=settings.trend_spike_threshold,
    )


@contextmanager
def open_scheduler(
    rt: Runtime,
    *,
    clock: Callable[[], datetime] = utc_now,
    width_override: int | None = None,
    http: httpx.Client | None = None,
    worker_id: str | None = None,
    poll: PollPolicy | None = None,
) -> Iterator[Scheduler]:
    """A scheduler wired to the runtime: real platform clients, OAuth refreshers, checkpoints."""
    config = dataclasses.replace(PublishingConfig.from_settings(rt.settings), poll=poll)
    publishers = PlatformPublishers(config, http, clock=clock)
    try:
        ctx = dataclasses.replace(
            rt.run_context(width_override=width_override),
            publisher_for=publishers,
            clock=clock,
        )
        with rt.checkpointer() as saver, insights_source(rt, clock, http) as insights:
            yield Scheduler(
                ctx,
                saver,
                policy=due_policy(rt),
                refresher_for=publishers.refresher_for,
                learning=LearningDeps(insights, analyst_model(ctx.models)),
                worker_id=worker_id,
            )
    finally:
        publishers.close()


def pull_configured_trends(rt: Runtime, now: datetime) -> list[str]:
    """Pull ``TWINREEL_TREND_FEEDS`` (if any); returns the feed errors."""
    if not rt.settings.trend_feeds:
        return []
    specs = [FeedSpec.parse(f) for f in rt.settings.trend_feeds]
    with httpx.Client(timeout=FEED_TIMEOUT_SEC, follow_redirects=True) as http:
        return pull_trends(rt.session_factory, http, specs, now).errors


def _print(report: TickReport) -> None:
    queued = ", ".join(f"{k} {v}" for k, v in report.enqueued.counts.items()) or "nothing new"
    console.print(f"[dim]{report.now:%Y-%m-%d %H:%M:%S}Z[/] queued: {queued}")
    for result in report.ran:
        console.print(f"  {result.kind} {result.key} → {result.outcome}")


def scheduler(
    once: Annotated[bool, typer.Option("--once", help="Run one pass and exit.")] = False,
    interval: Annotated[
        float | None,
        typer.Option("--interval", help="Seconds between passes (default: settings)."),
    ] = None,
) -> None:
    """Run due work from the database: weekly planning, production, publishing, trend spikes,
    analytics snapshots, weekly reports and strategy updates."""
    with runtime() as rt, open_scheduler(rt) as sched:
        if once:
            for error in pull_configured_trends(rt, utc_now()):
                console.print(f"[yellow]trend feed skipped[/] {error}")
            _print(sched.tick())
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        seconds = interval or rt.settings.scheduler_interval_sec
        console.print(f"scheduler {sched.worker_id} running every {seconds:.0f}s (Ctrl-C stops)")

        def on_tick(report: TickReport) -> None:
            _print(report)
            for error in pull_configured_trends(rt, utc_now()):
                console.print(f"[yellow]trend feed skipped[/] {error}")

        sched.run_forever(seconds, stop, on_tick)
