"""The bundled offline trend list: evergreen short-form topics, so planning works with no feeds.

Scores are deliberately below any sensible spike threshold: a seed topic never starts a
``trend_spike`` run on its own.
"""

from __future__ import annotations

from datetime import datetime

from storage.enums import Platform, TrendSource
from tools.trends.scoring import ScoredTopic, topic_key

SEED_SCORE = 0.4
SEED_TOPICS: tuple[tuple[str, Platform | None], ...] = (
    ("Passkeys replacing passwords", None),
    ("AI agents doing everyday errands", None),
    ("Morning routines that actually stick", Platform.INSTAGRAM),
    ("One-minute productivity hacks", Platform.TIKTOK),
    ("Behind the scenes of making a short video", Platform.YOUTUBE_SHORTS),
    ("Career lessons from failed projects", Platform.LINKEDIN),
    ("Hot takes on remote work", Platform.THREADS),
    ("Budget travel tricks", Platform.FACEBOOK),
    ("Myths about sleep, debunked", None),
    ("Tiny habits for learning a language", None),
    ("Phone photography tricks", Platform.INSTAGRAM),
    ("What a day of a solo creator looks like", Platform.TIKTOK),
)


def seed_topics(now: datetime) -> list[ScoredTopic]:
    """The seed list as scored topics (source ``seed_list``)."""
    return [
        ScoredTopic(
            topic=topic,
            key=topic_key(topic),
            platform_hint=hint,
            source=TrendSource.SEED_LIST,
            significance=SEED_SCORE,
            velocity=SEED_SCORE,
            score=SEED_SCORE,
            mentions=1,
            feeds=["seed"],
            last_seen=now,
        )
        for topic, hint in SEED_TOPICS
    ]
