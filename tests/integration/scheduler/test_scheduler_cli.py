"""`twinreel scheduler --once`: one pass from the command line plans the creator's next week."""

from __future__ import annotations

import uuid

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from api.commands.scheduler import scheduler
from api.runtime import Runtime
from storage.enums import TriggerType
from storage.orchestration import AgentRun
from storage.planning import ContentCalendar


def test_scheduler_once_plans_next_week(
    rt: Runtime, creator: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWINREEL_DATA_DIR", str(rt.settings.data_dir))
    monkeypatch.setenv("TWINREEL_PRODUCTION_LEAD_HOURS", "0.001")  # plan only, produce nothing
    monkeypatch.setenv("COLUMNS", "200")
    app = typer.Typer()
    app.command()(scheduler)
    app.command("noop")(lambda: None)  # two commands, so `scheduler` is addressed by name
    result = CliRunner().invoke(app, ["scheduler", "--once"])
    assert result.exit_code == 0, result.output
    assert "plan_week 1" in result.output
    with rt.session_factory() as session:
        calendars = session.scalars(
            select(ContentCalendar).where(ContentCalendar.user_id == creator)
        ).all()
        runs = session.scalars(select(AgentRun)).all()
    assert len(calendars) == 1 and calendars[0].period_start.weekday() == 0
    assert [r.trigger_type for r in runs] == [TriggerType.SCHEDULE_WEEKLY]
