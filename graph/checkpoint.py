"""Where runs are checkpointed: a SQLite file by default, PostgreSQL when the database is.

The checkpointer's serializer only revives the state classes of ``graph.state``; anything else
in a checkpoint is refused rather than imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from graph.state import REVIVABLE_TYPES


def state_serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=REVIVABLE_TYPES)


@contextmanager
def open_checkpointer(database_url: str, sqlite_path: Path) -> Iterator[BaseCheckpointSaver[str]]:
    """A checkpointer for the life of the ``with`` block.

    PostgreSQL databases keep checkpoints beside the records (so any worker can resume any run);
    otherwise a SQLite file in the data directory.
    """
    if database_url.startswith(("postgresql", "postgres")):
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg import Connection
        from psycopg.rows import dict_row

        conninfo = _libpq_url(database_url)
        with Connection.connect(
            conninfo, autocommit=True, prepare_threshold=0, row_factory=dict_row
        ) as conn:
            saver = PostgresSaver(conn, serde=state_serializer())
            saver.setup()
            yield saver
        return

    from langgraph.checkpoint.sqlite import SqliteSaver

    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    sqlite_conn = sqlite3.connect(str(sqlite_path), check_same_thread=False)
    try:
        saver_sqlite = SqliteSaver(sqlite_conn, serde=state_serializer())
        saver_sqlite.setup()
        yield saver_sqlite
    finally:
        sqlite_conn.close()


def _libpq_url(sqlalchemy_url: str) -> str:
    """SQLAlchemy's ``postgresql+psycopg://`` is not a libpq URL; drop the driver part."""
    scheme, rest = sqlalchemy_url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else sqlalchemy_url
