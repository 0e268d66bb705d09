"""The learning commands a creator types: feedback, strategy, calibration, analytics, report."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.commands.db import upgrade_and_seed
from api.commands.learning import (
    DemoWeek,
    analytics_app,
    calibration_app,
    feedback_app,
    report_app,
    simulate_weeks,
    strategy_app,
)
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from evals.critic.dataset import load_dataset
from storage.analytics import AnalyticsSnapshot, Feedback, WeeklyReport
from storage.enums import FeedbackSubject
from storage.publishing import Post


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Runtime, uuid.UUID, DemoWeek]]:
    data_dir = tmp_path_factory.mktemp("learning-cli") / "data"
    rt = open_runtime(Settings(data_dir=data_dir, _env_file=None))
    user = upgrade_and_seed(rt, demo_creator=True)
    assert user is not None
    start = datetime.now(UTC) - timedelta(days=16)  # the week is over, later marks are due
    (done,) = simulate_weeks(rt, user.id, weeks=1, reels_per_week=1, start=start)
    yield rt, user.id, done
    rt.close()


@pytest.fixture
def cli(
    week: tuple[Runtime, uuid.UUID, DemoWeek], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> typer.Typer:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TWINREEL_DATA_DIR", str(week[0].settings.data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    app = typer.Typer()
    app.add_typer(analytics_app, name="analytics")
    app.add_typer(report_app, name="report")
    app.add_typer(strategy_app, name="strategy")
    app.add_typer(feedback_app, name="feedback")
    app.add_typer(calibration_app, name="calibration")
    return app


def test_feedback_add_records_a_rating_and_names_bad_options(
    cli: typer.Typer, week: tuple[Runtime, uuid.UUID, DemoWeek]
) -> None:
    rt, user_id, _ = week
    with rt.session_factory() as session:
        post_id = session.scalars(select(Post.id).where(Post.user_id == user_id)).first()
    args = ["feedback", "add", "--subject-type", "post", "--subject-id", str(post_id)]
    ok = CliRunner().invoke(cli, [*args, "--rating", "5", "--comment", "loved the hook"])
    assert ok.exit_code == 0, ok.output
    with rt.session_factory() as session:
        row = session.scalars(select(Feedback).where(Feedback.subject_id == str(post_id))).one()
    assert (row.subject_type, row.rating, row.comment) == (
        FeedbackSubject.POST,
        5,
        "loved the hook",
    )
    bad = CliRunner().invoke(cli, [*args, "--rating", "7"])
    assert bad.exit_code == 2 and "--rating must be between 1 and 5" in bad.output
    kind = CliRunner().invoke(
        cli, ["feedback", "add", "--subject-type", "video", "--subject-id", "x", "--rating", "3"]
    )
    assert kind.exit_code == 2 and "'video'" in kind.output


def test_strategy_show_prints_the_latest_update(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["strategy", "show"])
    assert result.exit_code == 0, result.output
    assert "Effective from" in result.output and '"platform_timing_updates"' in result.output


def test_analytics_collect_then_report_then_calibration_export(
    cli: typer.Typer, week: tuple[Runtime, uuid.UUID, DemoWeek], tmp_path: Path
) -> None:
    rt, _, done = week
    with rt.session_factory() as session:
        before = session.scalar(select(func.count()).select_from(AnalyticsSnapshot))
    collected = CliRunner().invoke(cli, ["analytics", "collect"])
    assert collected.exit_code == 0, collected.output
    with rt.session_factory() as session:
        after = session.scalar(select(func.count()).select_from(AnalyticsSnapshot))
        marks = set(session.scalars(select(AnalyticsSnapshot.notes)))
    assert after is not None and before is not None and after > before  # the +7d marks
    assert marks == {"+1h", "+24h", "+72h", "+7d"}

    monday = done.week_start.isoformat()
    report = CliRunner().invoke(cli, ["report", "weekly", "--week", monday])
    assert report.exit_code == 0, report.output
    assert ".pdf" in report.output and "topics_to_increase" in report.output
    with rt.session_factory() as session:
        reports = session.scalars(
            select(WeeklyReport).where(WeeklyReport.week_start == done.week_start)
        ).all()
    assert len(reports) == 2  # the demo's and this regenerated one
    tuesday = (done.week_start + timedelta(days=1)).isoformat()
    wrong = CliRunner().invoke(cli, ["report", "weekly", "--week", tuesday])
    assert wrong.exit_code == 2 and "must be a Monday" in wrong.output

    out = tmp_path / "mine.jsonl"
    export = CliRunner().invoke(cli, ["calibration", "export", "--out", str(out)])
    assert export.exit_code == 0, export.output
    dataset = load_dataset(out)
    assert dataset.format == "scored" and dataset.size >= 1
