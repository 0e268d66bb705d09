"""``twinreel memory …``: look into creative memory, compact it, rebuild the index."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from api.commands.common import console, creator_id, fail, runtime
from memory.service import MemoryArgumentError

memory_app = typer.Typer(help="Creative memory (Chroma Agent_Memory).", no_args_is_help=True)
UserOpt = Annotated[str | None, typer.Option("--user", help="Creator email.")]


@memory_app.command("stats")
def stats(user: UserOpt = None) -> None:
    """Size, dimensions, embedder and last compaction of a creator's memory."""
    with runtime() as rt:
        result = rt.memory().stats(creator_id(rt, user))
        console.print_json(json.dumps(result.as_json(), default=str))


@memory_app.command("recall")
def recall(
    query: str,
    user: UserOpt = None,
    platform: Annotated[str | None, typer.Option()] = None,
    k: Annotated[int, typer.Option(min=1, max=50)] = 5,
) -> None:
    """The winning patterns closest to QUERY, best first."""
    with runtime() as rt:
        try:
            hits = rt.memory().recall(creator_id(rt, user), query, platform=platform, k=k)
        except MemoryArgumentError as exc:
            raise fail(str(exc)) from None
        table = Table("kind", "score", "similarity", "reused", "text")
        for hit in hits:
            table.add_row(
                hit.kind,
                f"{hit.score:.2f}",
                f"{hit.similarity:.2f}",
                str(hit.reuse_count),
                hit.text[:80],
            )
        console.print(table)


@memory_app.command("compact")
def compact(user: UserOpt = None) -> None:
    """Keep the top-K memories per topic/twin/persona (the retention policy), drop the rest."""
    with runtime() as rt:
        report = rt.memory().compact(creator_id(rt, user))
        console.print(f"compacted: {report.deleted_total} memories removed")


@memory_app.command("reindex")
def reindex(
    all_users: Annotated[bool, typer.Option("--all", help="Every creator.")] = False,
    user: UserOpt = None,
) -> None:
    """Rebuild the Chroma index from SQL (after switching embedders)."""
    with runtime() as rt:
        target = None if all_users else creator_id(rt, user)
        report = rt.memory().reindex(target)
        console.print(f"reindexed: {report}")
