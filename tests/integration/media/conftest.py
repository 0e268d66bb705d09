"""Fixtures for the media integration tests (helpers live in `reel_checks`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.integration.media.reel_checks import make_spec
from tools.media.spec import ReelSpec


@pytest.fixture
def spec_factory() -> Callable[..., ReelSpec]:
    return make_spec
