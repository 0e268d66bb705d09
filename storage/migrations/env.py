"""Alembic environment: runs migrations on the URL (or connection) :mod:`storage.migrate` passes.

No alembic.ini and no environment variables: the caller hands over the URL, so the same code
serves ``twinreel db upgrade``, tests and workers.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from storage.database import make_engine
from storage.migration_support import include_object_for, render_item
from storage.models import Base

target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object_for(connection.dialect.name),
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection: Any = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("storage.migrate must pass a database URL to Alembic")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; pass a database URL")
run_migrations_online()
