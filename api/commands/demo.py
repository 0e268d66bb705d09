"""``twinreel demo``: the whole job on the embedded defaults, offline, from an empty machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from agents.planner import PlanningRequest
from api.commands.common import console, runtime
from api.commands.db import print_table_counts, upgrade_and_seed
from api.commands.learning import DEMO_PREVIEW_WIDTH, demo_weeks
from api.commands.runs import _with_progress
from api.runtime import Runtime
from graph.runs import start_run
from storage.creative import AiTwin, Persona
from storage.identity import SocialAccount, User

DEMO_PROMPT = "a 20s TikTok about passkeys replacing passwords, playful"


def demo(
    prompt: Annotated[str, typer.Option(help="What the demo reel is about.")] = DEMO_PROMPT,
    preview_width: Annotated[
        int | None, typer.Option(help="Render smaller (e.g. 540) for a quicker demo.")
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=8,
            help="Instead of one reel, simulate this many weeks of the learning loop: plan, "
            "publish, measure (simulated audience), report, adapt the strategy.",
        ),
    ] = None,
) -> None:
    """Create the database, load the demo creator, and make one reel end to end."""
    if weeks is not None:
        demo_weeks(weeks=weeks, preview_width=preview_width or DEMO_PREVIEW_WIDTH)
        return
    with runtime() as rt:
        user = upgrade_and_seed(rt, demo_creator=True)
        assert user is not None
        _show_creator(rt, user.id)
        print_table_counts(rt)
        console.rule(f"[bold]Making a reel: {prompt}")
        request = PlanningRequest(prompt=prompt, platform="tiktok", duration_sec=20)
        outcome = _with_progress(
            rt, preview_width, lambda ctx, saver: start_run(ctx, saver, user.id, request)
        )
        _show_outbox(rt.settings.resolved_outbox_dir)
        console.print(f"[bold]Open the reel:[/] {outcome.values['reel'].video_path}")


def _show_creator(rt: Runtime, user_id: object) -> None:
    with rt.session_factory() as session:
        user = session.get_one(User, user_id)
        console.print(f"[bold]Creator[/] {user.name} <{user.email}> · {user.timezone}")
        table = Table("twin", "style", "persona", "voice")
        for twin in session.scalars(
            select(AiTwin).where(AiTwin.user_id == user.id).order_by(AiTwin.name)
        ):
            persona = session.get(Persona, twin.persona_id) if twin.persona_id else None
            table.add_row(
                twin.name,
                str(twin.style_preset),
                f"{persona.name} ({persona.energy_level}, {persona.sentence_length})"
                if persona
                else "-",
                "yes" if twin.voice_profile_id else "-",
            )
        console.print(table)
        accounts = session.scalars(select(SocialAccount).where(SocialAccount.user_id == user.id))
        console.print(
            "[bold]Accounts[/] " + ", ".join(f"{a.platform} @{a.handle}" for a in accounts)
        )


def _show_outbox(outbox: Path) -> None:
    if not outbox.exists():
        return
    console.rule("[bold]Outbox")
    for folder in sorted(p for p in outbox.glob("*/*") if p.is_dir()):
        files = ", ".join(sorted(f.name for f in folder.iterdir()))
        console.print(f"{folder}: {files}")
