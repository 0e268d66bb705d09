"""A seeded runtime (demo creator, offline providers) whose platform settings point at a local
fake platform server, a controllable clock, and schedulers built the way the CLI builds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from api.commands.scheduler import open_scheduler
from api.runtime import Runtime
from api.settings import Settings
from graph.scheduler import Scheduler
from tests.fakes.platform_server import FakePlatformServer

PREVIEW_WIDTH = 270  # small renders keep the scheduler tests fast; rendering has its own tests
# A Sunday morning in Rome (the demo creator's zone): weekly planning prepares Mon 30 Nov.
SUNDAY = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now


@pytest.fixture
def fake() -> Iterator[FakePlatformServer]:
    with FakePlatformServer() as server:
        yield server


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` unless a test parametrizes it (indirectly) with ``postgres``."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def settings(
    tmp_path: Path, fake: FakePlatformServer, backend: str, request: pytest.FixtureRequest
) -> Settings:
    database_url = str(request.getfixturevalue("pg_url")) if backend == "postgres" else None
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        _env_file=None,
        platform_base_urls={**fake.base_urls(), "youtube_shorts": fake.base_url("youtube")},
        platform_token_urls={p: fake.token_url(p) for p in fake.base_urls()},
        platform_client_ids={p: f"{p}-client" for p in fake.base_urls()},
        platform_client_secrets={p: SecretStr(f"{p}-secret") for p in fake.base_urls()},
        public_media_base_url="https://media.example.test",
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(SUNDAY)


@pytest.fixture
def make_scheduler(rt: Runtime, clock: Clock) -> Callable[..., AbstractContextManager[Scheduler]]:
    def build(**kwargs: Any) -> AbstractContextManager[Scheduler]:
        return open_scheduler(rt, clock=clock, width_override=PREVIEW_WIDTH, **kwargs)

    return build
