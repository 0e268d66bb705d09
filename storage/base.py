"""The declarative base every model shares, and the column types that make both databases agree.

SQLite and PostgreSQL disagree on UUIDs, time zones and JSON; the types here hide that so a model
reads the same everywhere: UUID keys, timestamps that are always tz-aware UTC in Python, JSON that
becomes JSONB (indexable with GIN) on PostgreSQL, and enums that reject unknown values both in
Python (before the INSERT) and in the database (a CHECK constraint).
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Enum, ForeignKey, MetaData, Uuid, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names: Alembic can only drop/alter what it can name, identically on both
# databases. Index names are always given explicitly in the models.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")
"""JSON everywhere, JSONB on PostgreSQL so it can carry GIN indexes and containment queries.

In-place changes (``row.metrics_json["views"] = 3``) are not tracked by SQLAlchemy: assign a new
value (``row.metrics_json = {**row.metrics_json, "views": 3}``) so the change is saved.
"""


def utcnow() -> datetime:
    """The current moment as a tz-aware UTC datetime (the only kind the models accept)."""
    return datetime.now(UTC)


class UTCDateTime(types.TypeDecorator[datetime]):
    """A timestamp that is stored in UTC and always comes back tz-aware in UTC.

    Naive datetimes are refused rather than guessed at: a naive value is how local-time bugs get
    into a scheduler, and the error names the offending value.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} refused: pass a tz-aware datetime "
                "(e.g. datetime.now(UTC))"
            )
        as_utc = value.astimezone(UTC)
        # SQLite has no time zone type; it stores the UTC wall clock.
        return as_utc.replace(tzinfo=None) if dialect.name == "sqlite" else as_utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A string column holding one of ``enum_class``'s values, checked twice.

    ``validate_strings`` rejects unknown values in Python before any SQL runs (so the error can
    name the field); the named CHECK constraint rejects them in the database for raw SQL too.
    ``name`` is the column's name, which the CHECK constraint and the error message reuse.
    """
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        length=max(len(member.value) for member in enum_class),
    )


class Base(DeclarativeBase):
    """The root of every Twinreel table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
    }


class UUIDPrimaryKey:
    """A random UUID primary key named ``id`` (the seeds' ``*_id`` PKs are all ``id`` here)."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)


class CreatedAt:
    """When the row was written, set by Python in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Timestamps(CreatedAt):
    """``created_at`` plus an ``updated_at`` the ORM refreshes on every UPDATE."""

    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def reference(
    target: str,
    *,
    ondelete: str,
    nullable: bool,
    index: bool = True,
    unique: bool = False,
) -> Mapped[Any]:
    """A UUID foreign key to ``target`` ("table.id") with an explicit delete rule.

    Every reference says what happens when its target goes: CASCADE for ownership (a user's rows,
    a story's scenes), SET NULL for a link the row can outlive (the twin a reel was made with).
    Indexed by default because PostgreSQL does not index foreign keys and cascades scan them.
    """
    return mapped_column(
        Uuid(),
        ForeignKey(target, ondelete=ondelete),
        nullable=nullable,
        index=index or None,
        unique=unique or None,
    )


def owner(*, nullable: bool = False, index: bool = True) -> Mapped[Any]:
    """``user_id``: the tenant a row belongs to; deleting the user deletes the row."""
    return reference("users.id", ondelete="CASCADE", nullable=nullable, index=index)
