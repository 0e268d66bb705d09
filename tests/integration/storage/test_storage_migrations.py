"""The migrations produce exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage import migrate
from storage.database import make_engine
from storage.migration_support import include_object_for
from storage.models import Base


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


def _schema(engine: Engine) -> dict[str, Any]:
    """Everything DDL decides about each table, as the database itself reports it."""
    inspector = inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        schema[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ],
            "pk": inspector.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (
                    fk["name"],
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    (fk.get("options") or {}).get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                for ix in inspector.get_indexes(table)
            ),
            "uniques": sorted(
                (uq["name"], tuple(uq["column_names"]))
                for uq in inspector.get_unique_constraints(table)
            ),
            "checks": sorted(ck["name"] or "" for ck in inspector.get_check_constraints(table)),
        }
    return schema


def test_upgrade_matches_models_exactly(empty_url: str, tmp_path: Path) -> None:
    migrate.upgrade(empty_url)
    assert migrate.current(empty_url) == migrate.head()

    engine = make_engine(empty_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": include_object_for(connection.dialect.name),
                },
            )
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        migrated = _schema(engine)
    finally:
        engine.dispose()

    # compare_metadata ignores CHECK constraints and FK delete rules; compare the full DDL with
    # what create_all makes from the models.
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL: test_upgrade_matches_create_all_on_postgres
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    reference = make_engine(reference_url)
    try:
        Base.metadata.create_all(reference)
        assert migrated == _schema(reference)
    finally:
        reference.dispose()


@pytest.mark.postgres
def test_upgrade_matches_create_all_on_postgres(pg_url_factory: Callable[[], str]) -> None:
    """Two private schemas: one migrated, one built by create_all from the models."""
    pg_url, reference_url = pg_url_factory(), pg_url_factory()
    migrate.upgrade(pg_url)
    reference_engine = make_engine(reference_url)
    Base.metadata.create_all(reference_engine)
    migrated_engine = make_engine(pg_url)
    try:
        migrated = _schema(migrated_engine)
    finally:
        migrated_engine.dispose()
    try:
        assert migrated == _schema(reference_engine)
    finally:
        reference_engine.dispose()
    gin = {ix[0] for table in migrated.values() for ix in table["indexes"] if "gin" in ix[0]}
    assert gin == {
        "ix_trend_signals_metadata_json_gin",
        "ix_platform_profiles_priority_metrics_gin",
        "ix_analytics_snapshots_metrics_json_gin",
        "ix_creative_memory_metadata_gin",
    }


def test_upgrade_is_idempotent_and_downgrade_removes_everything(sqlite_url: str) -> None:
    migrate.upgrade(sqlite_url)
    migrate.upgrade(sqlite_url)  # already at head: a no-op, not an error
    migrate.downgrade(sqlite_url, "base")
    engine = make_engine(sqlite_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert migrate.current(sqlite_url) is None
