"""The shared column types and engine settings behave the same on every database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from storage.base import JsonType
from storage.database import make_engine, make_session_factory, normalize_url, transaction
from storage.enums import AspectRatio, Platform
from storage.errors import InvalidValueError
from storage.models import Base, Job, User


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'types.db'}")
    Base.metadata.create_all(engine)
    yield make_session_factory(engine)
    engine.dispose()


def test_timestamps_come_back_as_the_same_instant_in_utc(factory: sessionmaker[Session]) -> None:
    rome = timezone(timedelta(hours=1))
    login = datetime(2026, 1, 5, 10, 30, tzinfo=rome)
    with transaction(factory) as session:
        session.add(User(name="R", email="r@example.com", last_login_at=login))
    with factory() as session:
        stored = session.scalars(select(User)).one()
    assert stored.last_login_at == login
    assert stored.last_login_at is not None and stored.last_login_at.tzinfo == UTC
    assert stored.last_login_at.hour == 9
    assert stored.created_at.tzinfo == UTC


def test_enums_store_values_and_load_as_members(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        session.add(Job(kind="produce_reel", request_payload={"platform": Platform.TIKTOK}))
    with factory() as session:
        raw = session.execute(text("SELECT kind, status FROM jobs")).one()
        job = session.scalars(select(Job)).one()
    assert tuple(raw) == ("produce_reel", "queued")
    assert job.kind.name == "PRODUCE_REEL" and job.request_payload == {"platform": "tiktok"}
    assert AspectRatio("9_16") is AspectRatio.VERTICAL_9_16


def test_raw_sql_cannot_bypass_the_enum_check(factory: sessionmaker[Session]) -> None:
    with factory() as session, pytest.raises(InvalidValueError, match=r"jobs\.kind"):
        session.execute(
            text(
                "INSERT INTO jobs (id, kind, status, request_payload, progress_pct, attempts, "
                "created_at, updated_at) VALUES ('x', 'mine_bitcoin', 'queued', '{}', 0, 0, "
                "'2026-01-01', '2026-01-01')"
            )
        )


def test_sqlite_engine_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert (conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    engine.dispose()


def test_json_is_jsonb_on_postgres_and_json_on_sqlite() -> None:
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1/none")  # never connects
    assert JsonType.compile(dialect=postgres.dialect) == "JSONB"
    assert JsonType.compile(dialect=create_engine("sqlite://").dialect) == "JSON"


def test_postgres_urls_use_psycopg3() -> None:
    assert normalize_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
