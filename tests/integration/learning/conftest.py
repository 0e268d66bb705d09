"""Two simulated weeks of the demo creator, run once per module (rendering is the slow part):
plan → produce and publish (outbox) → simulated snapshots → report → strategy → memory."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from api.commands.db import upgrade_and_seed
from api.commands.learning import DemoWeek, simulate_weeks
from api.runtime import Runtime, open_runtime
from api.settings import Settings

START = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # a Sunday: the first week is Mon 30 Nov


@dataclass(frozen=True)
class SimulatedWeeks:
    rt: Runtime
    user_id: uuid.UUID
    data_dir: Path
    weeks: list[DemoWeek]


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatedWeeks]:
    data_dir = tmp_path_factory.mktemp("learning") / "data"
    settings = Settings(data_dir=data_dir, _env_file=None)
    rt = open_runtime(settings)
    user = upgrade_and_seed(rt, demo_creator=True)
    assert user is not None
    # Three reels a week: enough topics that the simulated audience separates a winner.
    weeks = simulate_weeks(rt, user.id, weeks=2, reels_per_week=3, start=START)
    yield SimulatedWeeks(rt, user.id, data_dir, weeks)
    rt.close()
