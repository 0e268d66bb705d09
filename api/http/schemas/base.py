"""The two base models: strict requests (unknown fields and silent coercion refused) and
responses read from ORM rows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict

Lax = Strict(False)
"""For types JSON can only carry as strings (UUIDs, timestamps, enums): parse them from text."""
LaxUUID = Annotated[uuid.UUID, Lax]


def _whole_float(value: object) -> object:
    """JSON has one number type: 20.0 is the integer 20 (JSON Schema agrees); "20" stays text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_float)]
"""An integer body field: 20 or 20.0, never "20" or 20.5."""
LaxDatetime = Annotated[datetime, Lax]


class RequestModel(BaseModel):
    """A request body: ``extra="forbid"`` names an unknown field; ``strict`` refuses "5" for 5."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


class Page(ResponseModel):
    """How many rows matched (before ``limit``) alongside them."""

    total: int


class FieldError(BaseModel):
    field: str
    message: str
    type: str


class ErrorBody(BaseModel):
    """Every 4xx/5xx body: ``detail`` starts with the field or value it is about."""

    detail: str
    errors: list[FieldError] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": description}
    for code, description in (
        (400, "The request cannot be done as asked."),
        (401, "Missing, invalid or revoked API key."),
        (403, "The key's role lacks a permission (named in detail)."),
        (404, "No such id among yours."),
        (409, "Conflicts with the current state (a taken handle, a run not waiting…)."),
        (413, "Body larger than the limit."),
        (422, "A field is invalid (named first in detail; listed in errors)."),
        (429, "Rate limit exceeded; see Retry-After."),
    )
}
"""Documented on every route so clients (and schemathesis) know every answer they can get."""
