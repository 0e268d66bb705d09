"""What every command needs: settings, the runtime, the creator it acts for, clean errors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy import select

from api.runtime import Runtime, open_runtime
from api.settings import SettingsError, load_settings
from memory.embedders.base import EmbedderMismatchError
from memory.service import MemoryArgumentError
from storage.errors import DomainError
from storage.identity import User

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error naming the problem and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


@contextmanager
def runtime() -> Iterator[Runtime]:
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    rt = open_runtime(settings)
    try:
        yield rt
    except (DomainError, EmbedderMismatchError, MemoryArgumentError) as exc:
        raise fail(str(exc)) from None
    finally:
        rt.close()


def creator_id(rt: Runtime, email: str | None) -> uuid.UUID:
    """The creator a command acts for: by email, or the only one there is."""
    with rt.session_factory() as session:
        if email:
            user = session.scalars(select(User).where(User.email == email)).first()
            if user is None:
                raise fail(f"no creator with email {email!r}")
            return user.id
        users = session.scalars(select(User).order_by(User.created_at).limit(2)).all()
    if not users:
        raise fail("no creator yet: run `twinreel demo` (or `twinreel db seed`) first")
    if len(users) > 1:
        raise fail("several creators exist: pass --user EMAIL")
    return users[0].id
