"""``twinreel trends pull``: ingest trend signals from the configured feeds (or the seed list)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import httpx
import typer
from rich.table import Table

from api.commands.common import console, fail, runtime
from tools.trends.feeds import FeedError, FeedSpec
from tools.trends.pull import pull_trends

trends_app = typer.Typer(
    help="Trend signals from RSS/Atom and hashtag feeds.", no_args_is_help=True
)
FEED_TIMEOUT_SEC = 20.0


@trends_app.command("pull")
def pull(
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed",
            help="A feed URL, or PLATFORM=URL for a platform's trending feed (repeat). "
            "Default: TWINREEL_TREND_FEEDS, else the bundled seed list.",
        ),
    ] = None,
    seed: Annotated[bool, typer.Option("--seed", help="Store the bundled seed list.")] = False,
    show: Annotated[int, typer.Option(help="How many top topics to print.")] = 10,
) -> None:
    """Fetch the feeds, score topics (significance, velocity), de-duplicate, store."""
    with runtime() as rt:
        try:
            specs = [] if seed else [FeedSpec.parse(f) for f in (feed or rt.settings.trend_feeds)]
        except FeedError as exc:
            raise fail(f"--feed: {exc}") from None
        with httpx.Client(timeout=FEED_TIMEOUT_SEC, follow_redirects=True) as http:
            report = pull_trends(rt.session_factory, http, specs, datetime.now(UTC))
    for error in report.errors:
        console.print(f"[yellow]skipped[/] {error}")
    table = Table("topic", "platform", "source", "score", "significance", "velocity", "mentions")
    for topic in report.topics[:show]:
        table.add_row(
            topic.topic,
            str(topic.platform_hint or ""),
            str(topic.source),
            f"{topic.score:.2f}",
            f"{topic.significance:.2f}",
            f"{topic.velocity:.2f}",
            str(topic.mentions),
        )
    console.print(table)
    origin = "seed list" if report.used_seed_list else f"{len(specs)} feed(s)"
    console.print(
        f"{len(report.topics)} topics from {origin}: {report.inserted} new, "
        f"{report.updated} refreshed"
    )
    if specs and report.errors and not report.topics:
        raise typer.Exit(1)
