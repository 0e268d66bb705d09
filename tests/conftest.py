"""Shared database fixtures.

- ``sqlite_engine``: a fresh SQLite file in ``tmp_path`` with every table created.
- ``pg_engine``: a private PostgreSQL schema per test run (so parallel runs and other
  engineers' tests never see each other's rows), with every table created once and emptied
  before each test; skipped unless ``TWINREEL_TEST_DATABASE_URL`` is set.
- ``db_engine``: both of the above in turn (PostgreSQL only when configured).
- ``session_factory``: a ``sessionmaker`` on ``db_engine``.
- ``pg_url`` / ``sqlite_url``: URLs of empty databases, for tests that run migrations;
  ``pg_url_factory`` makes as many empty PostgreSQL schemas as a test needs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.commands.db import upgrade_and_seed
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from storage.database import make_engine, make_session_factory, normalize_url, transaction
from storage.identity import User
from storage.models import Base

PG_ENV = "TWINREEL_TEST_DATABASE_URL"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of an empty SQLite file database."""
    return f"sqlite:///{tmp_path / 'twinreel-test.db'}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _pg_base_url() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    return base


def _schema_url(base: str, schema: str) -> str:
    url = make_url(normalize_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextmanager
def _private_schemas(base: str) -> Iterator[Callable[[], str]]:
    admin = make_engine(base)
    schemas: list[str] = []

    def new_schema_url() -> str:
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        return _schema_url(base, schema)

    try:
        yield new_schema_url
    finally:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pg_url_factory() -> Iterator[Callable[[], str]]:
    """Makes URLs of empty, private PostgreSQL schemas (all dropped afterwards)."""
    with _private_schemas(_pg_base_url()) as factory:
        yield factory


@pytest.fixture
def pg_url(pg_url_factory: Callable[[], str]) -> str:
    """The URL of an empty, private PostgreSQL schema (dropped afterwards)."""
    return pg_url_factory()


@pytest.fixture(scope="session")
def _pg_tables_url() -> Iterator[str]:
    """One private schema per test run with every table created once."""
    with _private_schemas(_pg_base_url()) as factory:
        url = factory()
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url


@pytest.fixture
def pg_engine(_pg_tables_url: str) -> Iterator[Engine]:
    """The run's schema, emptied before each test.

    DELETE (children first) rather than TRUNCATE or create_all: on tables holding a test's worth
    of rows it is by far the cheapest way back to empty.
    """
    engine = make_engine(_pg_tables_url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_engine(request: pytest.FixtureRequest) -> Engine:
    """Each test using this runs on SQLite, then on PostgreSQL when configured."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    engine: Engine = request.getfixturevalue(name)
    return engine


@pytest.fixture
def session_factory(db_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(db_engine)


# -- a seeded Twinreel runtime on a temporary data directory -----------------------------------
# Test folders that need other settings (fake platform URLs, PostgreSQL) override ``settings``.


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)


@pytest.fixture
def rt(settings: Settings) -> Iterator[Runtime]:
    runtime = open_runtime(settings)
    yield runtime
    runtime.close()


@pytest.fixture
def creator(rt: Runtime) -> uuid.UUID:
    """The demo creator, on a migrated database with the reference data loaded."""
    user = upgrade_and_seed(rt, demo_creator=True)
    assert user is not None
    return user.id


@pytest.fixture
def set_prefs(rt: Runtime, creator: uuid.UUID) -> Callable[..., None]:
    """Merge preferences into the demo creator's ``preferences_json``."""

    def apply(**prefs: Any) -> None:
        with transaction(rt.session_factory) as session:
            user = session.get_one(User, creator)
            session.execute(
                update(User)
                .where(User.id == creator)
                .values(preferences_json={**user.preferences_json, **prefs})
            )

    return apply
