"""Hooks that make Alembic autogenerate and compare agree with our models on both databases.

- PostgreSQL-only GIN indexes (``Index(...).ddl_if(dialect="postgresql")``) are not expected on
  SQLite, so comparison ignores them there.
- :class:`~storage.base.UTCDateTime` is rendered as the plain ``sa.DateTime(timezone=True)`` it
  stores, so migrations do not import our code (they must keep working if the type moves), and
  the JSON/JSONB variant is rendered with a complete import (Alembic's own rendering of it
  references a ``Text`` it never imports).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from alembic.autogenerate.api import AutogenContext
from sqlalchemy import JSON, Index

from storage.base import UTCDateTime


def ddl_dialect(index: Index) -> str | None:
    """The only dialect an index is created on, or None when it exists everywhere."""
    ddl_if = getattr(index, "_ddl_if", None)
    dialect = getattr(ddl_if, "dialect", None)
    return dialect if isinstance(dialect, str) else None


def include_object_for(dialect_name: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """An ``include_object`` hook that drops indexes meant for another dialect."""

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, other: Any) -> bool:
        if type_ == "index" and not reflected and isinstance(obj, Index):
            only_on = ddl_dialect(obj)
            return only_on is None or only_on == dialect_name
        return True

    return include_object


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our TypeDecorators as the SQLAlchemy types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, JSON) and "postgresql" in obj._variant_mapping:
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return "sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')"
    return False
