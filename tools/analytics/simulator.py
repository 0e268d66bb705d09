"""A seeded audience simulator: offline analytics that depend on the content, not on luck alone.

Each post's audience is drawn from what a real audience reacts to — a strong hook earns the
first seconds (reach and retention), good pacing and a loop keep people watching and
re-watching, a topic that fits the creator's niche (and the audience's appetite for it) earns
engagement, and posting near a platform's peak hours earns distribution — times per-post noise.
Numbers grow over time since publishing along a saturating curve, so +1 h, +24 h, +72 h and +7 d
snapshots of one post are consistent. Everything is deterministic for a seed, and every result
must be stored with the simulated marker (``AnalyticsSnapshot.is_simulated``).
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from dataclasses import dataclass
from datetime import datetime

from tools.analytics.metrics import PostMetrics, make_metrics

# Followers a small creator reaches on each platform in a week, and how fast (hours) a post
# collects most of its views there.
BASE_REACH = {
    "tiktok": 2400.0,
    "instagram": 1500.0,
    "youtube_shorts": 1800.0,
    "facebook": 700.0,
    "threads": 500.0,
    "linkedin": 600.0,
}
HALF_LIFE_HOURS = {
    "tiktok": 14.0,
    "instagram": 20.0,
    "youtube_shorts": 48.0,
    "facebook": 24.0,
    "threads": 8.0,
    "linkedin": 30.0,
}
# Local hours when each platform's audience is most active.
PEAK_HOURS = {
    "tiktok": (12.0, 19.5),
    "instagram": (12.0, 19.0),
    "youtube_shorts": (17.0, 20.0),
    "facebook": (13.0, 19.0),
    "threads": (8.0, 18.0),
    "linkedin": (8.5, 12.0),
}
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "for", "on", "your", "you", "with"}


@dataclass(frozen=True)
class SimulatedPost:
    """What the simulated audience sees: the content's qualities and when and where it ran."""

    key: str  # stable per post (its id), so each post has its own noise
    platform: str
    topic: str
    hook_score: float  # critic scores in [0, 1]
    pacing_score: float
    loop_score: float
    length_sec: float
    posted_local: datetime  # in the creator's zone


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def topic_fit(topic: str, niche: str) -> float:
    """0.4 for a topic outside the niche, up to 1.0 when it shares two or more niche words."""
    shared = len(_words(topic) & _words(niche))
    return 0.4 + 0.6 * min(shared / 2.0, 1.0)


def slot_factor(platform: str, posted_local: datetime) -> float:
    """1.0 at a peak hour, down to ~0.55 far from it; weekends help leisure platforms."""
    hour = posted_local.hour + posted_local.minute / 60
    peaks = PEAK_HOURS.get(platform, (12.0, 19.0))
    distance = min(min(abs(hour - p), 24 - abs(hour - p)) for p in peaks)
    factor = 0.55 + 0.45 * math.exp(-(distance**2) / 8.0)
    weekend = posted_local.weekday() >= 5
    if platform == "linkedin" and weekend:
        factor *= 0.6
    elif weekend and platform in ("tiktok", "instagram", "youtube_shorts"):
        factor *= 1.08
    return factor


class AudienceSimulator:
    """``simulate(post, hours)`` → the post's metrics ``hours`` after it went out."""

    def __init__(self, seed: int, niche: str) -> None:
        self.seed = seed
        self.niche = niche

    def _rng(self, *parts: str) -> random.Random:
        digest = hashlib.sha256("|".join((str(self.seed), *parts)).encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def appetite(self, topic: str) -> float:
        """How much this audience wants the topic beyond niche fit (0.6–1.5, fixed per seed)."""
        return 0.6 + 0.9 * self._rng("appetite", topic.lower().strip()).random()

    def quality(self, post: SimulatedPost) -> float:
        """The content's pull in [0, 1]: hook first, then pacing and loop, then topic fit."""
        fit = topic_fit(post.topic, self.niche)
        return 0.45 * post.hook_score + 0.2 * post.pacing_score + 0.2 * post.loop_score + 0.15 * fit

    def simulate(self, post: SimulatedPost, hours_since_publish: float) -> PostMetrics:
        if hours_since_publish <= 0:
            return make_metrics()
        noise = self._rng("post", post.key)
        luck = math.exp(noise.gauss(0.0, 0.25))
        quality = self.quality(post)
        fit = topic_fit(post.topic, self.niche)
        reach = (
            BASE_REACH.get(post.platform, 800.0)
            * math.exp(3.0 * (quality - 0.6))
            * slot_factor(post.platform, post.posted_local)
            * self.appetite(post.topic)
            * luck
        )
        half_life = HALF_LIFE_HOURS.get(post.platform, 24.0)
        grown = 1.0 - math.exp(-math.log(2) * hours_since_publish / half_life)
        views = reach * grown
        play_rate = min(0.9, 0.35 + 0.45 * post.hook_score)
        retention = min(0.95, 0.2 + 0.45 * post.hook_score + 0.2 * post.loop_score)
        interest = fit * self.appetite(post.topic)
        like_rate = 0.02 + 0.06 * quality * interest + noise.uniform(0, 0.01)
        comment_rate = 0.002 + 0.008 * interest * noise.uniform(0.7, 1.3)
        share_rate = 0.002 + 0.012 * post.loop_score * interest * noise.uniform(0.7, 1.3)
        save_rate = 0.003 + 0.01 * post.pacing_score * fit * noise.uniform(0.7, 1.3)
        return make_metrics(
            views=views,
            impressions=views / play_rate,
            likes=views * like_rate,
            comments=views * comment_rate,
            shares=views * share_rate,
            saves=views * save_rate,
            watch_time_sec=views * post.length_sec * retention * (1 + 0.4 * post.loop_score),
            followers_delta=views * 0.003 * quality * interest,
            retention=retention,
        )
