"""Per-key token buckets for the expensive endpoints (chat starts renders; uploads fill disks).

In memory, per process: enough for the embedded deployment; behind several processes a shared
store (Redis) would replace it with the same interface.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``take(bucket, key, burst, refill_sec)`` → 0 when allowed, else seconds to wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    def take(self, bucket: str, key: str, burst: int, refill_sec: float) -> int:
        now = self._clock()
        with self._lock:
            state = self._buckets.get((bucket, key))
            if state is None:
                state = self._buckets[(bucket, key)] = _Bucket(tokens=float(burst), updated=now)
            state.tokens = min(float(burst), state.tokens + (now - state.updated) / refill_sec)
            state.updated = now
            if state.tokens >= 1.0:
                state.tokens -= 1.0
                return 0
            return max(1, math.ceil((1.0 - state.tokens) * refill_sec))
