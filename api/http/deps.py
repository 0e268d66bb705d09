"""FastAPI dependencies: the app state, a database session, and the authenticated caller.

Every resource route takes a :data:`CallerDep`; the caller's ``user_id`` is what every query is
scoped by, so another tenant's id is indistinguishable from an id that does not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.http.keys import find_active_key
from api.http.state import ApiState
from storage.base import utcnow
from storage.database import transaction
from storage.enums import AppSessionStatus, DeviceType, UserStatus
from storage.identity import AppSession, Role, User

LAST_USED_RESOLUTION = timedelta(minutes=1)  # don't write on every request
SEEN_SESSIONS_MAX = 10_000  # the per-process memo of recorded app sessions is bounded


def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.twinreel
    return state


StateDep = Annotated[ApiState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    """A session whose work is committed when the route returns (rolled back on error)."""
    with transaction(state.runtime.session_factory) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class Caller:
    user_id: uuid.UUID
    key_id: uuid.UUID
    role: str
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail=message,
        headers={"WWW-Authenticate": 'Bearer realm="twinreel"'},
    )


def _device(request: Request) -> tuple[DeviceType, dict[str, Any]]:
    user_agent = request.headers.get("user-agent", "")[:300]
    declared = request.headers.get("x-device", "").strip().lower()
    valid = {d.value for d in DeviceType}
    if declared in valid:
        device = DeviceType(declared)
    else:
        lowered = user_agent.lower()
        if "iphone" in lowered or "ios" in lowered:
            device = DeviceType.IOS
        elif "android" in lowered:
            device = DeviceType.ANDROID
        elif lowered.startswith(("curl", "httpx", "python", "twinreel")):
            device = DeviceType.CLI
        else:
            device = DeviceType.WEB
    return device, {"user_agent": user_agent}


def get_caller(request: Request, state: StateDep) -> Caller:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unauthorized("missing bearer token: send 'Authorization: Bearer tr_…'")
    with transaction(state.runtime.session_factory) as session:
        key = find_active_key(session, secret.strip())
        if key is None:
            raise _unauthorized("invalid or revoked API key")
        user = session.get(User, key.user_id)
        if user is None or user.status != UserStatus.ACTIVE:
            raise _unauthorized("the key's account is disabled")
        now = utcnow()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            key.last_used_at = now
            user.last_login_at = now
        role = session.scalars(select(Role).where(Role.name == key.role)).first()
        permissions = frozenset(
            name for name, granted in (role.permissions_json if role else {}).items() if granted
        )
        _record_session(session, request, user.id, key.id)
        return Caller(user_id=user.id, key_id=key.id, role=str(key.role), permissions=permissions)


def _record_session(
    session: Session, request: Request, user_id: uuid.UUID, key_id: uuid.UUID
) -> None:
    """One active AppSession per (user, key, device, user agent)."""
    device, info = _device(request)
    info = {**info, "api_key_id": str(key_id)}
    cache: set[tuple[Any, ...]] = request.app.state.twinreel_sessions
    marker = (user_id, key_id, device, info["user_agent"])
    if marker in cache:
        return
    existing = session.scalars(
        select(AppSession).where(
            AppSession.user_id == user_id,
            AppSession.device_type == device,
            AppSession.status == AppSessionStatus.ACTIVE,
        )
    ).all()
    if len(cache) >= SEEN_SESSIONS_MAX:
        cache.clear()  # worst case: one extra lookup per device, never a duplicate row
    if not any(row.device_info_json == info for row in existing):
        client = request.client.host if request.client else None
        session.add(
            AppSession(
                user_id=user_id, device_type=device, device_info_json=info, ip_address=client
            )
        )
    cache.add(marker)


CallerDep = Annotated[Caller, Depends(get_caller)]


def require(permission: str) -> Callable[[Caller], Caller]:
    """A dependency refusing callers whose role lacks ``permission`` (403 naming it)."""

    def check(caller: CallerDep) -> Caller:
        if not caller.can(permission):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"this key's role ({caller.role}) lacks the permission {permission!r}",
            )
        return caller

    return check


def rate_limited(bucket: str) -> Callable[[Caller, ApiState], None]:
    """A dependency spending one token of ``bucket`` for the caller's key (429 when empty)."""

    def check(caller: CallerDep, state: StateDep) -> None:
        config = state.config
        burst, refill = (
            (config.chat_burst, config.chat_refill_sec)
            if bucket == "chat"
            else (config.upload_burst, config.upload_refill_sec)
        )
        wait = state.limiter.take(bucket, str(caller.key_id), burst, refill)
        if wait:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail=f"rate limit for {bucket} exceeded; retry in {wait} s",
                headers={"Retry-After": str(wait)},
            )

    return check
