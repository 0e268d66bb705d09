"""One router per resource; :data:`ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.routers import account, chat, content, jobs, media, ops, privacy

ROUTERS: list[APIRouter] = [
    ops.router,
    chat.router,
    jobs.router,
    content.router,
    media.router,
    account.router,
    privacy.router,
]
