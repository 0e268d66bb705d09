"""One trend pull: every configured feed (failures reported, not fatal), or the seed list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from storage.database import transaction
from tools.trends.feeds import FeedEntry, FeedError, FeedSpec, fetch_feed
from tools.trends.ingest import store_topics
from tools.trends.scoring import ScoredTopic, score_topics
from tools.trends.seed import seed_topics


@dataclass
class PullReport:
    topics: list[ScoredTopic] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    used_seed_list: bool = False


def pull_trends(
    session_factory: sessionmaker[Session],
    http: httpx.Client | None,
    feeds: Sequence[FeedSpec],
    now: datetime,
) -> PullReport:
    """Fetch, score and store; with no feeds (or no HTTP client) the bundled seeds are stored."""
    report = PullReport()
    entries: list[FeedEntry] = []
    if feeds and http is not None:
        for spec in feeds:
            try:
                entries.extend(fetch_feed(http, spec))
            except FeedError as exc:
                report.errors.append(str(exc))
        report.topics = score_topics(entries, now)
    else:
        report.topics = seed_topics(now)
        report.used_seed_list = True
    with transaction(session_factory) as session:
        stored = store_topics(session, report.topics, now)
    report.inserted, report.updated = stored.inserted, stored.updated
    return report
