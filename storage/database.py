"""Engines, sessions and transactions, built only when a caller asks (never at import).

SQLite needs three settings to behave like a real database under a worker and a web process
at once: foreign keys on (off by default!), WAL so readers do not block the writer, and a busy
timeout so a second writer waits instead of failing. PostgreSQL URLs are pointed at psycopg 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import install_error_translation, translate_integrity_errors

SQLITE_BUSY_TIMEOUT_MS = 15_000


def _sqlite_pragmas(in_memory: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return on_connect


def normalize_url(url: str) -> str:
    """Point plain ``postgresql://``/``postgres://`` URLs at the psycopg 3 driver."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (SQLite file/memory or PostgreSQL) that raises domain errors."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _sqlite_pragmas(in_memory))
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
    install_error_translation(engine)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; objects stay readable after commit (no expire)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back entirely.

    Any exception — a domain error from a bad write included — leaves nothing half-written.
    """
    session = factory()
    try:
        with translate_integrity_errors():
            yield session
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
