"""The in-memory rate limiter: request bucket and rolling 24-hour cap."""

from __future__ import annotations

import pytest

from tools.platforms.errors import RateLimitedError
from tools.platforms.limits import PLATFORM_LIMITS, LimitSpec, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_requests_refill_over_time() -> None:
    clock = Clock()
    limiter = RateLimiter("tiktok", LimitSpec(requests_per_minute=6, daily_posts=15), clock=clock)
    for _ in range(6):
        limiter.acquire_request()
    with pytest.raises(RateLimitedError) as caught:
        limiter.acquire_request()
    assert caught.value.retryable
    assert caught.value.retry_after_sec == pytest.approx(10.0)
    clock.now = 10.0
    limiter.acquire_request()


def test_daily_cap_is_a_rolling_window() -> None:
    clock = Clock()
    limiter = RateLimiter("facebook", PLATFORM_LIMITS["facebook"], clock=clock)
    for hour in range(30):
        clock.now = hour * 60.0
        limiter.acquire_post()
    clock.now = 3600.0
    with pytest.raises(RateLimitedError) as caught:
        limiter.acquire_post()
    assert "30 posts" in caught.value.message
    assert caught.value.retry_after_sec == pytest.approx(86_400 - 3600)
    clock.now = 86_400.0 + 1
    limiter.acquire_post()
    assert limiter.posts_in_window() == 30


def test_every_api_platform_has_documented_defaults() -> None:
    assert set(PLATFORM_LIMITS) == {
        "youtube",
        "instagram",
        "tiktok",
        "linkedin",
        "threads",
        "facebook",
    }
