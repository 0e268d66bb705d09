"""``twinreel db …``: schema migrations and the seed data."""

from __future__ import annotations

import typer
from sqlalchemy import func, inspect, select

from api.commands.common import console, runtime
from api.runtime import Runtime
from storage import migrate
from storage.base import Base
from storage.database import transaction
from storage.identity import User
from storage.seed_data import load_demo_creator, load_reference_data

db_app = typer.Typer(help="Database: migrations and seed data.", no_args_is_help=True)


def upgrade_and_seed(rt: Runtime, *, demo_creator: bool) -> User | None:
    """Bring the schema to head, load reference data, and (optionally) the demo creator."""
    migrate.upgrade(rt.database_url)
    with transaction(rt.session_factory) as session:
        load_reference_data(session, rt.box)
        if not demo_creator:
            return None
        user = load_demo_creator(session, rt.box)
        session.flush()
        session.expunge(user)
        return user


@db_app.command("upgrade")
def upgrade(revision: str = "head") -> None:
    """Apply Alembic migrations up to REVISION (default: head)."""
    with runtime() as rt:
        migrate.upgrade(rt.database_url, revision)
        console.print(f"database at revision {migrate.current(rt.database_url)}: {rt.database_url}")


@db_app.command("seed")
def seed(demo: bool = typer.Option(True, help="Also load the demo creator.")) -> None:
    """Load the versioned reference data (safe to run twice) and the demo creator."""
    with runtime() as rt:
        user = upgrade_and_seed(rt, demo_creator=demo)
        console.print(f"reference data loaded{'; demo creator ' + user.email if user else ''}")


@db_app.command("stats")
def stats() -> None:
    """Row counts per table."""
    with runtime() as rt:
        print_table_counts(rt)


def print_table_counts(rt: Runtime) -> None:
    existing = set(inspect(rt.engine).get_table_names())
    with rt.session_factory() as session:
        rows = []
        for table in Base.metadata.sorted_tables:
            if table.name in existing:
                count = session.execute(select(func.count()).select_from(table)).scalar_one()
                rows.append((table.name, count))
    console.print(
        f"{len(rows)} tables: " + ", ".join(f"{name} {count}" for name, count in rows if count)
    )
