"""Bounded waiting for a platform to finish processing an upload.

Processing can take minutes; polling forever would pin a worker, so after `max_polls` the client
raises a retryable error and the durable process comes back later with the saved session (which
still names the container/video, so nothing is uploaded again).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from tools.platforms.errors import PublishError

T = TypeVar("T")


@dataclass(frozen=True)
class PollPolicy:
    """How often and how long to poll processing status."""

    max_polls: int = 30
    first_delay_sec: float = 2.0
    max_delay_sec: float = 30.0
    factor: float = 1.5
    sleep: Callable[[float], None] = time.sleep


def poll_until(
    platform: str,
    what: str,
    check: Callable[[], T | None],
    policy: PollPolicy,
) -> T:
    """Call `check` until it returns a value, sleeping with backoff between calls."""
    delay = policy.first_delay_sec
    for attempt in range(policy.max_polls):
        result = check()
        if result is not None:
            return result
        if attempt + 1 < policy.max_polls:
            policy.sleep(delay)
            delay = min(policy.max_delay_sec, delay * policy.factor)
    raise PublishError(
        platform,
        f"{what} still processing after {policy.max_polls} polls; the saved session will "
        "resume polling on the next attempt",
        retryable=True,
        retry_after_sec=policy.max_delay_sec,
    )
