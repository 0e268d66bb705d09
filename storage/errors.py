"""Domain errors, and the translation of database errors into them.

A caller should learn *which field* was wrong and *what the valid values are*, not read a
driver's IntegrityError. SQLite and PostgreSQL report violations very differently (SQLite does
not even say which foreign key failed), so translation inspects the failed statement and, where
the database can still answer, asks it. :func:`install_error_translation` hooks this into an
engine (``make_engine`` does it); :func:`translate_integrity_errors` does the same for code
holding an engine from elsewhere.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, Table, Uuid, event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.exc import IntegrityError, StatementError

from storage.base import Base


class DomainError(Exception):
    """A write or lookup the domain forbids; ``str(error)`` is a message for a human."""


class NotFoundError(DomainError):
    """No row of ``entity`` has ``key``."""

    def __init__(self, entity: str, key: object) -> None:
        self.entity = entity
        self.key = key
        super().__init__(f"{entity} {key} not found")


class ConflictError(DomainError):
    """A unique value is already taken (``fields`` of ``table`` = ``values``)."""

    def __init__(self, table: str, fields: Sequence[str], values: Sequence[object]) -> None:
        self.table = table
        self.fields = tuple(fields)
        self.values = tuple(values)
        pairs = ", ".join(f"{f}={v!r}" for f, v in zip(self.fields, self.values, strict=False))
        what = pairs or ", ".join(self.fields)
        super().__init__(f"{table}: {what} already exists (must be unique)")


class InvalidValueError(DomainError):
    """``field`` got ``value``, which is not allowed (``valid`` lists what is, when known)."""

    def __init__(
        self, field: str, value: object, valid: Sequence[str] = (), reason: str = ""
    ) -> None:
        self.field = field
        self.value = value
        self.valid = tuple(valid)
        message = f"{field}: invalid value {value!r}"
        if reason:
            message += f" ({reason})"
        if self.valid:
            message += f"; valid values: {', '.join(self.valid)}"
        super().__init__(message)


class MissingReferenceError(DomainError):
    """``field`` points at a row of ``target`` that does not exist (or is required and empty)."""

    def __init__(self, field: str, value: object, target: str) -> None:
        self.field = field
        self.value = value
        self.target = target
        if value is None:
            message = f"{field} is required (a reference to {target})"
        else:
            message = f"{field}={value} refers to a {target} row that does not exist"
        super().__init__(message)


# --- translation -------------------------------------------------------------------------------

_ENUM_LOOKUP = re.compile(
    r"'(?P<value>.*)' is not among the defined enum values\. Enum name: (?P<name>\w+)"
)
_INSERT = re.compile(r"INSERT INTO (?P<table>\"?\w+\"?) \((?P<cols>[^)]*)\)", re.IGNORECASE)
_UPDATE = re.compile(r"UPDATE (?P<table>\"?\w+\"?) SET (?P<sets>.*?)(?: WHERE |$)", re.I | re.S)
_PG_KEY = re.compile(r"Key \((?P<cols>[^)]*)\)=\((?P<vals>.*)\)")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<cols>.*)")
_SQLITE_NOT_NULL = re.compile(r"NOT NULL constraint failed: (?P<table>\w+)\.(?P<col>\w+)")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (?P<name>\w+)")


@dataclass(frozen=True)
class _Statement:
    """The table and the column→value rows a failed INSERT/UPDATE tried to write."""

    table: str
    rows: list[dict[str, Any]]


def _parse_statement(statement: str | None, params: Any) -> _Statement | None:
    if not statement:
        return None
    match = _INSERT.search(statement)
    is_insert = match is not None
    if match:
        columns = [c.strip().strip('"') for c in match["cols"].split(",")]
    else:
        match = _UPDATE.search(statement)
        if not match:
            return None
        columns = [s.split("=")[0].strip().strip('"') for s in match["sets"].split(",")]
    table = match["table"].strip('"')
    param_rows: list[Any] = params if isinstance(params, list) else [params]
    rows: list[dict[str, Any]] = []
    for row in param_rows:
        if isinstance(row, dict):
            rows.extend(_named_rows(columns, row))
        elif isinstance(row, Sequence) and not isinstance(row, str):
            # "insertmanyvalues" sends many rows as one flat tuple: VALUES (?, ?), (?, ?);
            # an UPDATE's SET values come first, then the WHERE values.
            width = len(columns)
            stop = max(len(row), 1) if is_insert else 1
            for start in range(0, stop, width):
                rows.append(dict(zip(columns, row[start : start + width], strict=False)))
    return _Statement(table=table, rows=rows)


def _named_rows(columns: list[str], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows from named parameters; batched inserts name them ``<column>__<row number>``."""
    if not any(f"{columns[0]}__" in key for key in params):
        return [{c: params.get(c) for c in columns}]
    batch: dict[int, dict[str, Any]] = {}
    for key, value in params.items():
        column, sep, index = key.rpartition("__")
        if sep and index.isdigit() and column in columns:
            batch.setdefault(int(index), {})[column] = value
    return [batch[i] for i in sorted(batch)]


def _table(name: str) -> Table | None:
    import storage.models  # noqa: F401 - registers every table, whichever module the caller used

    return Base.metadata.tables.get(name)


def _readable(table: str, column: str, value: Any) -> Any:
    """Show stored UUID hex (SQLite) as a normal UUID in messages."""
    meta = _table(table)
    if meta is not None and column in meta.c and isinstance(meta.c[column].type, Uuid):
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            return value
    return value


def _enum_values(table: str | None, column: str) -> list[str]:
    meta = _table(table) if table else None
    if meta is not None and column in meta.c:
        column_type = meta.c[column].type
        if isinstance(column_type, Enum):
            return list(column_type.enums)
    return []


def _referenced_table(table: str, column: str) -> str:
    meta = _table(table)
    if meta is not None and column in meta.c:
        for fk in meta.c[column].foreign_keys:
            return fk.column.table.name
    return "?"


def _translate_enum(exc: StatementError) -> DomainError | None:
    if not isinstance(exc.orig, LookupError):
        return None
    match = _ENUM_LOOKUP.search(str(exc.orig))
    if not match:
        return None
    parsed = _parse_statement(exc.statement, None)
    table = parsed.table if parsed else None
    column = match["name"]
    field = f"{table}.{column}" if table else column
    return InvalidValueError(field, match["value"], _enum_values(table, column))


def _check_error(table: str | None, constraint: str, row: dict[str, Any] | None) -> DomainError:
    """Name the column a CHECK guards: enum CHECKs are ``ck_<table>_<column>``; the others are
    ``ck_<table>_<column>_<rule>`` (e.g. ``ck_feedback_rating_range``)."""
    meta = _table(table) if table else None
    if table and meta is not None and constraint.startswith(f"ck_{table}_"):
        rule = constraint.removeprefix(f"ck_{table}_")
        for column in sorted(meta.c.keys(), key=len, reverse=True):
            if rule == column or rule.startswith(f"{column}_"):
                value = row.get(column, "?") if row else "?"
                valid = _enum_values(table, column)
                reason = "" if valid else f"violates check {constraint}"
                return InvalidValueError(f"{table}.{column}", value, valid, reason)
    return InvalidValueError(table or "?", "?", reason=f"violates check {constraint}")


def _single_row(parsed: _Statement | None) -> dict[str, Any] | None:
    return parsed.rows[0] if parsed and len(parsed.rows) == 1 else None


def _not_null_error(table: str, column: str) -> DomainError:
    meta = _table(table)
    if meta is not None and column in meta.c and meta.c[column].foreign_keys:
        return MissingReferenceError(f"{table}.{column}", None, _referenced_table(table, column))
    return InvalidValueError(f"{table}.{column}", None, reason="a value is required")


def _translate_postgres(exc: IntegrityError) -> DomainError | None:
    diag = getattr(exc.orig, "diag", None)
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if diag is None or sqlstate is None:
        return None
    table = diag.table_name or ""
    detail = diag.message_detail or ""
    key = _PG_KEY.search(detail)
    cols = [c.strip().strip('"') for c in key["cols"].split(",")] if key else []
    vals = [v.strip() for v in key["vals"].split(", ")] if key else []
    if sqlstate == "23505":  # unique_violation
        return ConflictError(table, cols, vals)
    if sqlstate == "23503":  # foreign_key_violation
        column = cols[0] if cols else "?"
        value = vals[0] if vals else "?"
        return MissingReferenceError(f"{table}.{column}", value, _referenced_table(table, column))
    if sqlstate == "23502":  # not_null_violation
        return _not_null_error(table, diag.column_name or "?")
    if sqlstate == "23514":  # check_violation
        row = _single_row(_parse_statement(exc.statement, exc.params))
        return _check_error(table, diag.constraint_name or "?", row)
    return None


def _missing_sqlite_reference(parsed: _Statement | None, dbapi_connection: Any) -> DomainError:
    """SQLite says only "FOREIGN KEY constraint failed": find the reference that is missing."""
    if parsed is None or (meta := _table(parsed.table)) is None:
        return MissingReferenceError("?", "?", "?")
    candidates: list[tuple[str, Any, str]] = []
    for row in parsed.rows:
        for column, value in row.items():
            if value is None or column not in meta.c:
                continue
            for fk in meta.c[column].foreign_keys:
                candidates.append((column, value, fk.column.table.name))
    for column, value, target in candidates:
        if dbapi_connection is None:
            break
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f'SELECT 1 FROM "{target}" WHERE id = ?', (value,))
            found = cursor.fetchone() is not None
        finally:
            cursor.close()
        if not found:
            return MissingReferenceError(
                f"{parsed.table}.{column}", _readable(parsed.table, column, value), target
            )
    names = ", ".join(f"{c}={_readable(parsed.table, c, v)}" for c, v, _ in candidates)
    return MissingReferenceError(
        f"{parsed.table}.({names or 'a reference'})", "(one of these)", "referenced"
    )


def _translate_sqlite(exc: IntegrityError, dbapi_connection: Any) -> DomainError | None:
    message = str(exc.orig)
    parsed = _parse_statement(exc.statement, exc.params)
    if match := _SQLITE_UNIQUE.search(message):
        qualified = [c.strip() for c in match["cols"].split(",")]
        table = qualified[0].split(".")[0]
        cols = [q.split(".", 1)[1] for q in qualified]
        values: list[Any] = []
        if parsed and len(parsed.rows) == 1:
            values = [_readable(table, c, parsed.rows[0].get(c)) for c in cols]
        return ConflictError(table, cols, values)
    if match := _SQLITE_NOT_NULL.search(message):
        return _not_null_error(match["table"], match["col"])
    if match := _SQLITE_CHECK.search(message):
        return _check_error(parsed.table if parsed else None, match["name"], _single_row(parsed))
    if "FOREIGN KEY constraint failed" in message:
        return _missing_sqlite_reference(parsed, dbapi_connection)
    return None


def translate_error(exc: BaseException, dbapi_connection: Any = None) -> DomainError | None:
    """The domain error ``exc`` means, or None when it is not a data error we understand.

    ``dbapi_connection`` lets SQLite name the missing foreign key by asking the still-open
    transaction which referenced row is absent.
    """
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, IntegrityError):
        module = type(exc.orig).__module__
        if module.startswith("psycopg"):
            return _translate_postgres(exc)
        if module.startswith("sqlite3"):
            return _translate_sqlite(exc, dbapi_connection)
        return None
    if isinstance(exc, StatementError):
        enum_error = _translate_enum(exc)
        if enum_error is not None:
            return enum_error
        if isinstance(exc.orig, ValueError | TypeError):  # e.g. a naive datetime
            parsed = _parse_statement(exc.statement, None)
            return InvalidValueError(parsed.table if parsed else "?", "?", reason=str(exc.orig))
    return None


def _on_handle_error(context: ExceptionContext) -> BaseException | None:
    exc = context.sqlalchemy_exception
    if exc is None:
        return None
    dbapi_connection = None
    engine, connection = context.engine, context.connection
    if connection is not None and engine is not None and engine.dialect.name == "sqlite":
        dbapi_connection = connection.connection.dbapi_connection
    return translate_error(exc, dbapi_connection)


def install_error_translation(engine: Engine) -> None:
    """Make every statement on ``engine`` raise domain errors instead of driver errors."""
    if not event.contains(engine, "handle_error", _on_handle_error):
        event.listen(engine, "handle_error", _on_handle_error)


@contextmanager
def translate_integrity_errors() -> Iterator[None]:
    """Re-raise database errors inside the block as domain errors (for foreign engines)."""
    try:
        yield
    except (IntegrityError, StatementError) as exc:
        domain = translate_error(exc)
        if domain is None:
            raise
        raise domain from exc
