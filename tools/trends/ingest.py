"""Storing scored topics as ``TrendSignal`` rows, merging a topic seen again recently.

A topic already stored within the merge window (same key and platform hint) is updated in
place — new score, metadata and ``collected_at`` — instead of piling up duplicate rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.planning import TrendSignal
from tools.trends.scoring import ScoredTopic

MERGE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class IngestResult:
    inserted: int
    updated: int


def store_topics(
    session: Session,
    topics: Iterable[ScoredTopic],
    now: datetime,
    *,
    merge_window: timedelta = MERGE_WINDOW,
) -> IngestResult:
    """Insert new topics and refresh recently seen ones; the caller owns the transaction."""
    recent = session.scalars(
        select(TrendSignal).where(TrendSignal.collected_at >= now - merge_window)
    ).all()
    by_key = {(str(s.metadata_json.get("key", "")), s.platform_hint): s for s in recent}
    inserted = updated = 0
    for topic in topics:
        existing = by_key.get((topic.key, topic.platform_hint))
        if existing is not None:
            existing.score = topic.score
            existing.metadata_json = topic.metadata()
            existing.collected_at = now
            existing.source = topic.source
            updated += 1
            continue
        signal = TrendSignal(
            source=topic.source,
            topic=topic.topic[:300],
            platform_hint=topic.platform_hint,
            score=topic.score,
            collected_at=now,
            metadata_json=topic.metadata(),
        )
        session.add(signal)
        by_key[(topic.key, topic.platform_hint)] = signal
        inserted += 1
    session.flush()
    return IngestResult(inserted=inserted, updated=updated)
