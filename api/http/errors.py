"""Turning every failure into a 4xx body that names the field, or a 500 that leaks nothing.

Validation errors never echo the input back (the input may be a token being connected), and an
unexpected exception's message is logged server-side, never sent.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from graph.runs import RunStateError
from storage.errors import (
    ConflictError,
    DomainError,
    InvalidValueError,
    MissingReferenceError,
    NotFoundError,
)
from tools.media_store import MediaPathError

log = logging.getLogger("twinreel.api")


UNION_TAGS = frozenset({"agent", "script", "reel", "post"})
"""Discriminator values pydantic puts in an error's location (``body.agent.rating``); a client
thinks of the field as ``rating``."""


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    loc = list(loc)
    if len(loc) > 2 and loc[0] == "body" and loc[1] in UNION_TAGS:
        del loc[1]
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def _validation_body(exc: RequestValidationError) -> dict[str, Any]:
    errors = [
        {
            "field": _field(error.get("loc", ())),
            "message": error.get("msg", ""),
            "type": error.get("type", ""),
        }
        for error in exc.errors()
    ]
    first = errors[0] if errors else {"field": "?", "message": "invalid request"}
    return {"detail": f"{first['field']}: {first['message']}", "errors": errors}


def _domain_status(exc: DomainError) -> int:
    if isinstance(exc, NotFoundError):
        return status.HTTP_404_NOT_FOUND
    if isinstance(exc, ConflictError):
        return status.HTTP_409_CONFLICT
    if isinstance(exc, InvalidValueError | MissingReferenceError):
        return 422
    return status.HTTP_400_BAD_REQUEST


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(_validation_body(exc), status_code=422)

    @app.exception_handler(NotFoundError)
    async def on_not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        # The message names the entity and id the caller sent, nothing about who owns it.
        return JSONResponse({"detail": f"{exc.entity} {exc.key} not found"}, status_code=404)

    @app.exception_handler(DomainError)
    async def on_domain(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=_domain_status(exc))

    @app.exception_handler(RunStateError)
    async def on_run_state(_: Request, exc: RunStateError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=409)

    @app.exception_handler(MediaPathError)
    async def on_media_path(_: Request, exc: MediaPathError) -> JSONResponse:
        log.warning("media path refused: %s", exc)
        return JSONResponse({"detail": "file is not available"}, status_code=404)

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse({"detail": "internal error (logged)"}, status_code=500)
