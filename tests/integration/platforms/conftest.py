"""Fixtures for driving the real platform clients against the local fake platform server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tools.platforms.base import PublishOptions, ReelUpload, UploadSession
from tools.platforms.polling import PollPolicy

VIDEO_BYTES = 600 * 1024 + 123  # not a multiple of any chunk size, > LinkedIn's 75 KB minimum


@pytest.fixture
def fake() -> Iterator[FakePlatformServer]:
    with FakePlatformServer() as server:
        yield server


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def no_wait() -> PollPolicy:
    return PollPolicy(max_polls=5, first_delay_sec=0.0, sleep=lambda _s: None)


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "reel.mp4"
    path.write_bytes(bytes(i % 251 for i in range(VIDEO_BYTES)))
    return path


@pytest.fixture
def cover(tmp_path: Path) -> Path:
    path = tmp_path / "cover.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"cover" * 200)
    return path


@pytest.fixture
def make_reel(video: Path, cover: Path) -> Callable[..., ReelUpload]:
    def build(**overrides: Any) -> ReelUpload:
        fields: dict[str, Any] = {
            "video_path": video,
            "cover_path": cover,
            "caption": "Passkeys replace passwords. Here is the 20-second version.",
            "title": "Passkeys in 20 seconds",
            "hashtags": ("passkeys", "security"),
            "duration_sec": 20.0,
            "width": 1080,
            "height": 1920,
            "idempotency_key": "post-1",
            "options": PublishOptions(),
        }
        fields.update(overrides)
        return ReelUpload(**fields)

    return build


class SessionLog:
    """Collects every session a client reports, as the durable process would persist them."""

    def __init__(self, crash_when: Callable[[UploadSession], bool] | None = None) -> None:
        self.saved: list[str] = []
        self.crash_when = crash_when

    def __call__(self, session: UploadSession) -> None:
        self.saved.append(session.model_dump_json())
        if self.crash_when is not None and self.crash_when(session):
            self.crash_when = None
            raise SimulatedCrashError(session.stage)

    @property
    def last(self) -> UploadSession:
        return UploadSession.model_validate_json(self.saved[-1])


class SimulatedCrashError(Exception):
    """The worker died right after persisting a session."""
