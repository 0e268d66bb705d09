"""A migrated Twinreel runtime on a temporary data directory, and a local feed server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.commands.db import upgrade_and_seed
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from tests.fakes.feed_server import FeedServer


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)


@pytest.fixture
def rt(settings: Settings) -> Iterator[Runtime]:
    runtime = open_runtime(settings)
    upgrade_and_seed(runtime, demo_creator=False)
    yield runtime
    runtime.close()


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server
