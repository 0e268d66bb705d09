"""Ask the database how it would run a query (EXPLAIN), to check that hot paths use indexes.

The statement is executed normally with ``EXPLAIN`` prefixed at the cursor, so parameters are
bound exactly as in production (UUIDs, tz-aware timestamps) — no literal rendering.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Executable, event, text


def explain(connection: Connection, statement: Executable) -> list[str]:
    """The plan lines for ``statement`` (SQLite EXPLAIN QUERY PLAN / PostgreSQL EXPLAIN)."""
    dialect = connection.dialect.name
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "

    def add_prefix(
        conn: Connection, cursor: Any, sql: str, parameters: Any, *_context: Any
    ) -> tuple[str, Any]:
        return prefix + sql, parameters

    event.listen(connection, "before_cursor_execute", add_prefix, retval=True)
    try:
        result = connection.execute(statement)
        rows = result.cursor.fetchall() if result.cursor is not None else []
        result.close()
    finally:
        event.remove(connection, "before_cursor_execute", add_prefix)
    if dialect == "sqlite":
        return [str(row[-1]) for row in rows]
    return [str(row[0]) for row in rows]


def forbid_sequential_scans(connection: Connection) -> None:
    """PostgreSQL: make the planner prefer any usable index even on tiny test tables."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET enable_seqscan = off"))
