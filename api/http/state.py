"""What the HTTP app holds for its lifetime: the runtime, the run pool, the bus, the limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.http.events import EventBus
from api.http.metrics import Metrics
from api.http.ratelimit import RateLimiter
from api.http.runner import RunRunner
from api.runtime import Runtime
from tools.media_store import MediaStore

MB = 1024 * 1024


@dataclass(frozen=True)
class ApiConfig:
    """Tunables of one app instance (tests shrink renders and limits; production keeps these)."""

    render_width: int | None = None  # e.g. 270 for fast test renders; None = full size
    max_upload_bytes: int = 50 * MB
    max_request_bytes: int = 64 * 1024  # JSON bodies
    run_workers: int = 2
    chat_burst: int = 10  # token bucket per key: burst, then one every ``chat_refill_sec``
    chat_refill_sec: float = 6.0
    upload_burst: int = 20
    upload_refill_sec: float = 3.0


@dataclass
class ApiState:
    runtime: Runtime
    config: ApiConfig
    bus: EventBus
    runner: RunRunner
    limiter: RateLimiter
    metrics: Metrics
    media: MediaStore = field(init=False)

    def __post_init__(self) -> None:
        self.media = MediaStore(self.runtime.settings.resolved_media_dir)
