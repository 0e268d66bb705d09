"""The ``twinreel`` command line: one Typer app, a sub-app per command group."""

from __future__ import annotations

import typer

from api.commands.accounts import accounts_app
from api.commands.db import db_app
from api.commands.demo import demo
from api.commands.keys import keys_app
from api.commands.learning import (
    analytics_app,
    calibration_app,
    feedback_app,
    report_app,
    strategy_app,
)
from api.commands.memory import memory_app
from api.commands.runs import run, runs_app
from api.commands.scheduler import scheduler
from api.commands.serve import serve
from api.commands.trends import trends_app
from api.eval_commands import eval_app

app = typer.Typer(
    help="Twinreel: an autonomous AI-twin content agent for short-form video.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command()(demo)
app.command()(run)
app.add_typer(runs_app, name="runs")
app.add_typer(db_app, name="db")
app.add_typer(eval_app, name="eval")
app.add_typer(memory_app, name="memory")
app.add_typer(accounts_app, name="accounts")
app.add_typer(trends_app, name="trends")
app.command()(scheduler)
app.command()(serve)
app.add_typer(keys_app, name="keys")
app.add_typer(analytics_app, name="analytics")
app.add_typer(report_app, name="report")
app.add_typer(strategy_app, name="strategy")
app.add_typer(feedback_app, name="feedback")
app.add_typer(calibration_app, name="calibration")


@app.command()
def version() -> None:
    """Print Twinreel's version."""
    from importlib.metadata import version as dist_version

    typer.echo(dist_version("twinreel"))


def main() -> None:
    app()
