"""In-memory rate limiting: a token bucket for request bursts and a rolling 24-hour post cap.

This only protects one process. The durable publishing process persists published-post counts
(the `Post` rows themselves) and must check them before it claims work; the caps here are the
documented per-account defaults (see docs/platforms.md) and the clients also read the live quota
where the platform exposes one (Instagram `content_publishing_limit`, Threads
`threads_publishing_limit`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from tools.platforms.errors import RateLimitedError

DAY_SEC = 86_400.0


@dataclass(frozen=True)
class LimitSpec:
    """Requests per minute for the publishing calls, and posts per rolling 24 hours."""

    requests_per_minute: float
    daily_posts: int


PLATFORM_LIMITS: dict[str, LimitSpec] = {
    # YouTube: 10,000 quota units/day by default; an upload costs ~100 and thumbnails.set 50.
    "youtube": LimitSpec(requests_per_minute=60, daily_posts=60),
    # Instagram: 100 API-published posts per 24 h (the live value is read from the API too).
    "instagram": LimitSpec(requests_per_minute=60, daily_posts=100),
    # TikTok: video/init is limited to 6 requests/min per user token; ~15 posts/day per creator.
    "tiktok": LimitSpec(requests_per_minute=6, daily_posts=15),
    # LinkedIn: member-level daily limit of 150 shares.
    "linkedin": LimitSpec(requests_per_minute=60, daily_posts=150),
    # Threads: 250 API-published posts per 24 h.
    "threads": LimitSpec(requests_per_minute=60, daily_posts=250),
    # Facebook Reels: 30 API-published reels per Page per 24 h.
    "facebook": LimitSpec(requests_per_minute=60, daily_posts=30),
}


class RateLimiter:
    """Token bucket plus rolling daily cap for one account on one platform."""

    def __init__(
        self,
        platform: str,
        spec: LimitSpec,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.platform = platform
        self.spec = spec
        self.clock = clock
        self._tokens = max(1.0, spec.requests_per_minute)
        self._capacity = self._tokens
        self._refill_per_sec = spec.requests_per_minute / 60.0
        self._last = clock()
        self._posts: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire_request(self) -> None:
        """Spend one request token or raise RateLimitedError saying when one will be free."""
        with self._lock:
            now = self.clock()
            self._tokens = min(
                self._capacity, self._tokens + (now - self._last) * self._refill_per_sec
            )
            self._last = now
            if self._tokens < 1.0:
                wait = (1.0 - self._tokens) / self._refill_per_sec
                raise RateLimitedError(
                    self.platform,
                    f"local limit of {self.spec.requests_per_minute:g} requests/min reached",
                    retry_after_sec=wait,
                )
            self._tokens -= 1.0

    def acquire_post(self) -> None:
        """Count one new post against the rolling 24-hour cap, or raise RateLimitedError."""
        with self._lock:
            now = self.clock()
            while self._posts and now - self._posts[0] >= DAY_SEC:
                self._posts.popleft()
            if len(self._posts) >= self.spec.daily_posts:
                raise RateLimitedError(
                    self.platform,
                    f"daily cap of {self.spec.daily_posts} posts per 24 h reached",
                    retry_after_sec=DAY_SEC - (now - self._posts[0]),
                )
            self._posts.append(now)

    def posts_in_window(self) -> int:
        with self._lock:
            return len(self._posts)


def default_limiter(platform: str) -> RateLimiter:
    """A limiter with the documented defaults for `platform`."""
    return RateLimiter(platform, PLATFORM_LIMITS[platform])
