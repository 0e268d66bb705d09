"""Graph tests: progress events collected, small renders (seeded runtime: tests/conftest)."""

from __future__ import annotations

from typing import Any

import pytest

from api.runtime import Runtime
from graph.context import RunContext

PREVIEW_WIDTH = 270  # small renders keep the graph tests fast; rendering has its own tests


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def ctx(rt: Runtime, events: list[dict[str, Any]]) -> RunContext:
    return rt.run_context(events.append, width_override=PREVIEW_WIDTH)
