"""A seeded runtime (the demo creator) on a temporary data directory, and the CLI around it."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import typer
from typer.testing import CliRunner, Result

from api.commands.accounts import accounts_app
from api.runtime import Runtime


@pytest.fixture
def cli(rt: Runtime, creator: uuid.UUID, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``twinreel accounts …`` (mounted the way api.cli mounts it) on this data directory."""
    del creator
    monkeypatch.setenv("TWINREEL_DATA_DIR", str(rt.settings.data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    app = typer.Typer()
    app.add_typer(accounts_app, name="accounts")

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, ["accounts", *args])

    return invoke
