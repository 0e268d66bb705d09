"""From feed entries to scored, de-duplicated topics.

A topic's *significance* grows with how many entries (and how many distinct feeds) mention it;
its *velocity* is how recent those mentions are (each mention decays with a half-life). Entries
whose significant words overlap enough are one topic, kept apart per platform hint, so "Passkeys
replace passwords" from two news feeds is counted once with two mentions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from storage.enums import Platform, TrendSource
from tools.trends.feeds import FeedEntry

HALF_LIFE = timedelta(hours=6)
SAME_TOPIC_OVERLAP = 0.5
SIGNIFICANCE_WEIGHT = 0.65
UNDATED_FRESHNESS = 0.5
_WORD = re.compile(r"[#\w][\w'-]*", re.UNICODE)
_STOPWORD_TEXT = """
a an and are as at be by for from has have how in into is it its new of on or that the this to
was what when why will with you your after over up out about more than now just says said
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
PLATFORM_WORDS = {
    "tiktok": Platform.TIKTOK,
    "instagram": Platform.INSTAGRAM,
    "reels": Platform.INSTAGRAM,
    "youtube": Platform.YOUTUBE_SHORTS,
    "shorts": Platform.YOUTUBE_SHORTS,
    "linkedin": Platform.LINKEDIN,
    "threads": Platform.THREADS,
    "facebook": Platform.FACEBOOK,
}
PLATFORM_ALIASES = {"youtube": Platform.YOUTUBE_SHORTS}


class ScoredTopic(BaseModel):
    """One de-duplicated topic and why it scored what it did."""

    topic: str
    key: str
    platform_hint: Platform | None = None
    source: TrendSource
    significance: float = Field(ge=0, le=1)
    velocity: float = Field(ge=0, le=1)
    score: float = Field(ge=0, le=1)
    mentions: int = Field(ge=1)
    feeds: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    last_seen: datetime | None = None

    def metadata(self) -> dict[str, object]:
        """What is kept in ``TrendSignal.metadata_json`` (the explanation of the score)."""
        return {
            "key": self.key,
            "significance": self.significance,
            "velocity": self.velocity,
            "mentions": self.mentions,
            "feeds": self.feeds[:10],
            "links": self.links[:5],
            "categories": self.categories[:10],
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "untrusted_feed_text": True,
        }


def significant_words(text: str) -> list[str]:
    words = [w.lower().lstrip("#") for w in _WORD.findall(text)]
    return [w for w in words if len(w) > 1 and w not in STOPWORDS]


def topic_key(text: str) -> str:
    """A stable key for a topic: its significant words, de-duplicated and sorted."""
    return " ".join(sorted(set(significant_words(text))))[:200]


def platform_hint_for(entry: FeedEntry) -> Platform | None:
    """The feed's configured platform, else the platform the entry's text names."""
    if entry.platform_hint:
        name = entry.platform_hint.lower()
        if name in PLATFORM_ALIASES:
            return PLATFORM_ALIASES[name]
        try:
            return Platform(name)
        except ValueError:
            return None
    for word in significant_words(" ".join([entry.title, *entry.categories])):
        if word in PLATFORM_WORDS:
            return PLATFORM_WORDS[word]
    return None


class _Cluster:
    def __init__(self, entry: FeedEntry, hint: Platform | None) -> None:
        self.entries = [entry]
        self.hint = hint
        self.words = set(significant_words(entry.title))

    def overlap(self, words: set[str]) -> float:
        if not words or not self.words:
            return 0.0
        return len(words & self.words) / min(len(words), len(self.words))


def score_topics(
    entries: Iterable[FeedEntry], now: datetime, *, half_life: timedelta = HALF_LIFE
) -> list[ScoredTopic]:
    """Group entries into topics and score each; best first."""
    clusters: list[_Cluster] = []
    for entry in entries:
        hint = platform_hint_for(entry)
        words = set(significant_words(entry.title))
        if not words:
            continue
        match = next(
            (c for c in clusters if c.hint == hint and c.overlap(words) >= SAME_TOPIC_OVERLAP),
            None,
        )
        if match is None:
            clusters.append(_Cluster(entry, hint))
        else:
            match.entries.append(entry)
            match.words |= words
    topics = [_score(c, now, half_life) for c in clusters]
    return sorted(topics, key=lambda t: (-t.score, t.topic))


def _score(cluster: _Cluster, now: datetime, half_life: timedelta) -> ScoredTopic:
    entries = cluster.entries
    feeds = sorted({e.feed_url for e in entries})
    mentions = len(entries)
    significance = 1.0 - math.exp(-(mentions + 0.5 * (len(feeds) - 1)) / 3.0)
    freshness = [_freshness(e.published, now, half_life) for e in entries]
    velocity = sum(freshness) / len(freshness)
    newest = max(entries, key=lambda e: e.published or datetime.min.replace(tzinfo=now.tzinfo))
    hashtag = newest.title.startswith("#") or entries[0].platform_hint is not None
    dated = [e.published for e in entries if e.published]
    return ScoredTopic(
        topic=newest.title,
        key=topic_key(newest.title),
        platform_hint=cluster.hint,
        source=TrendSource.HASHTAG_FEED if hashtag else TrendSource.RSS,
        significance=round(significance, 4),
        velocity=round(velocity, 4),
        score=round(SIGNIFICANCE_WEIGHT * significance + (1 - SIGNIFICANCE_WEIGHT) * velocity, 4),
        mentions=mentions,
        feeds=feeds,
        links=[e.link for e in entries if e.link],
        categories=sorted({c for e in entries for c in e.categories}),
        last_seen=max(dated) if dated else None,
    )


def _freshness(published: datetime | None, now: datetime, half_life: timedelta) -> float:
    if published is None:
        return UNDATED_FRESHNESS
    age = max(0.0, (now - published).total_seconds())
    return float(0.5 ** (age / half_life.total_seconds()))
