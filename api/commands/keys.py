"""``twinreel keys …``: API keys for the HTTP API (created here, on the server, by an operator).

The key is printed once; only its hash is stored, so a lost key is revoked and replaced.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from api.commands.common import console, creator_id, fail, runtime
from api.http.keys import issue_key, revoke_key
from storage.api_keys import ApiKey
from storage.database import transaction
from storage.enums import RoleName
from storage.identity import User

keys_app = typer.Typer(help="API keys for the HTTP API.", no_args_is_help=True)


@keys_app.command("create")
def create(
    user: Annotated[str, typer.Option("--user", help="Creator email.")],
    role: Annotated[str, typer.Option("--role", help="creator or admin.")] = "creator",
    name: Annotated[str, typer.Option("--name", help="A label, e.g. 'iPhone'.")] = "",
) -> None:
    """Create a key for USER and print it (once: it cannot be shown again)."""
    valid = [r.value for r in RoleName]
    if role not in valid:
        raise fail(f"--role: unknown role {role!r}; valid: {', '.join(valid)}")
    if len(name) > 100:
        raise fail("--name: at most 100 characters")
    with runtime() as rt:
        user_id = creator_id(rt, user)
        with transaction(rt.session_factory) as session:
            issued = issue_key(session, user_id, RoleName(role), name)
    console.print(f"[bold]API key[/] for {user} (role {role}, id {issued.id}):", soft_wrap=True)
    typer.echo(issued.secret)
    console.print("[yellow]Store it now: it is not kept and cannot be shown again.[/]")


@keys_app.command("list")
def list_keys(
    user: Annotated[str | None, typer.Option("--user", help="Only this creator's keys.")] = None,
) -> None:
    """Keys (prefix, role, last use, revoked), never the keys themselves."""
    with runtime() as rt, rt.session_factory() as session:
        query = select(ApiKey, User.email).join(User, User.id == ApiKey.user_id)
        if user:
            query = query.where(ApiKey.user_id == creator_id(rt, user))
        table = Table("id", "user", "name", "prefix", "role", "created", "last used", "revoked")
        for key, email in session.execute(query.order_by(ApiKey.created_at)).all():
            table.add_row(
                str(key.id),
                email,
                key.name,
                key.prefix + "…",
                str(key.role),
                f"{key.created_at:%Y-%m-%d %H:%M}",
                f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "",
                f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
            )
        console.print(table)


@keys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="The key's id (see `keys list`).")]) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    try:
        kid = uuid.UUID(key_id)
    except ValueError:
        raise fail(
            f"KEY_ID: {key_id!r} is not a key id (a UUID; see `twinreel keys list`)"
        ) from None
    with runtime() as rt, transaction(rt.session_factory) as session:
        row = revoke_key(session, kid)
        console.print(f"revoked key {row.id} ({row.prefix}…)")
