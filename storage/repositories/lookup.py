"""Tenant-scoped lookup by id: a row that exists but belongs to someone else is "not found"."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from storage.base import Base
from storage.errors import NotFoundError

ModelT = TypeVar("ModelT", bound=Base)


def get_owned(
    session: Session, model: type[ModelT], row_id: uuid.UUID, user_id: uuid.UUID
) -> ModelT:
    """The ``model`` row ``row_id`` owned by ``user_id``; NotFoundError otherwise.

    Shared reference rows (``user_id`` NULL, e.g. preset personas) are visible to everyone.
    """
    row = session.get(model, row_id)
    owner: Any = getattr(row, "user_id", None) if row is not None else None
    if row is None or (owner is not None and owner != user_id):
        raise NotFoundError(model.__name__, row_id)
    return row
