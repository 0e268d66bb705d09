"""The creator's account: who am I, notifications, feedback, social accounts (tokens in,
never out) and their own API keys."""

from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import Response
from sqlalchemy import select, update

from api.http.deps import Caller, CallerDep, SessionDep, StateDep, require
from api.http.keys import revoke_key
from api.http.routers.content import strictly_owned
from api.http.schemas.resources import (
    ApiKeyOut,
    ContentFeedback,
    FeedbackCreate,
    FeedbackOut,
    MeOut,
    MeUpdate,
    NotificationOut,
    SocialAccountConnect,
    SocialAccountOut,
)
from storage.analytics import Feedback
from storage.api_keys import ApiKey
from storage.creative import Script
from storage.enums import FeedbackSubject, IntegrationStatus
from storage.errors import ConflictError, InvalidValueError, NotFoundError
from storage.identity import IntegrationKey, Notification, SocialAccount, User
from storage.media import VideoReel
from storage.publishing import Post

router = APIRouter(prefix="/v1", tags=["account"])

Limit = Annotated[int, Query(ge=1, le=200)]
Connector = Annotated[Caller, Depends(require("connect_accounts"))]


@router.get("/me", response_model=MeOut, summary="Your profile and this key's permissions")
def me(caller: CallerDep, session: SessionDep) -> MeOut:
    user = session.get_one(User, caller.user_id)
    return MeOut.model_validate(
        {
            **user.__dict__,
            "role": str(user.role),
            "key_role": caller.role,
            "permissions": sorted(caller.permissions),
        }
    )


@router.patch("/me", response_model=MeOut, summary="Update your profile and publishing switches")
def update_me(body: MeUpdate, caller: CallerDep, session: SessionDep) -> MeOut:
    user = session.get_one(User, caller.user_id)
    if body.name is not None:
        user.name = body.name
    if body.timezone is not None:
        try:
            ZoneInfo(body.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidValueError(
                "timezone", body.timezone, reason="not an IANA time zone like Europe/Rome"
            ) from None
        user.timezone = body.timezone
    prefs = dict(user.preferences_json)
    for switch in ("approval_required", "auto_publish"):
        value = getattr(body, switch)
        if value is not None:
            prefs[switch] = value
    if body.default_platforms is not None:
        prefs["default_platforms"] = [str(p) for p in body.default_platforms]
    user.preferences_json = prefs
    session.flush()
    return me(caller, session)


# --- notifications -------------------------------------------------------------------------


@router.get("/notifications", response_model=list[NotificationOut], summary="Your notifications")
def list_notifications(
    caller: CallerDep, session: SessionDep, unread: bool | None = None, limit: Limit = 50
) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == caller.user_id)
    if unread is not None:
        query = query.where(Notification.is_read.is_(not unread))
    return list(session.scalars(query.order_by(Notification.created_at.desc()).limit(limit)))


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    summary="Mark one notification read",
)
def read_notification(
    notification_id: uuid.UUID, caller: CallerDep, session: SessionDep
) -> Notification:
    row = strictly_owned(session, Notification, notification_id, caller.user_id)
    row.is_read = True
    session.flush()
    return row


@router.post(
    "/notifications/{notification_id}/unread",
    response_model=NotificationOut,
    summary="Mark one notification unread",
)
def unread_notification(
    notification_id: uuid.UUID, caller: CallerDep, session: SessionDep
) -> Notification:
    row = strictly_owned(session, Notification, notification_id, caller.user_id)
    row.is_read = False
    session.flush()
    return row


@router.post("/notifications/read-all", summary="Mark every notification read")
def read_all(caller: CallerDep, session: SessionDep) -> dict[str, int]:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == caller.user_id, Notification.is_read.is_(False))
        .values(is_read=True)
    )
    return {"marked_read": int(getattr(result, "rowcount", 0) or 0)}


# --- feedback --------------------------------------------------------------------------------

SUBJECTS = {
    FeedbackSubject.SCRIPT: Script,
    FeedbackSubject.REEL: VideoReel,
    FeedbackSubject.POST: Post,
}


@router.post(
    "/feedback",
    response_model=FeedbackOut,
    status_code=status.HTTP_201_CREATED,
    summary="Rate a script, reel, post (1–5) or the agent itself",
)
def create_feedback(body: FeedbackCreate, caller: CallerDep, session: SessionDep) -> Feedback:
    if isinstance(body, ContentFeedback):
        kind = FeedbackSubject(body.subject_type)
        strictly_owned(session, SUBJECTS[kind], body.subject_id, caller.user_id)
        subject = str(body.subject_id)
    else:
        kind, subject = FeedbackSubject.AGENT, str(caller.user_id)
    row = Feedback(
        user_id=caller.user_id,
        subject_type=kind,
        subject_id=subject,
        rating=body.rating,
        comment=body.comment,
    )
    session.add(row)
    session.flush()
    return row


@router.get("/feedback", response_model=list[FeedbackOut], summary="Your feedback")
def list_feedback(caller: CallerDep, session: SessionDep, limit: Limit = 50) -> list[Feedback]:
    return list(
        session.scalars(
            select(Feedback)
            .where(Feedback.user_id == caller.user_id)
            .order_by(Feedback.created_at.desc())
            .limit(limit)
        )
    )


# --- social accounts --------------------------------------------------------------------------


def _account(account: SocialAccount, key: IntegrationKey | None) -> SocialAccountOut:
    return SocialAccountOut(
        id=account.id,
        platform=str(account.platform),
        handle=account.handle,
        account_external_id=account.account_external_id,
        is_connected=account.is_connected,
        integration_status=str(key.status) if key else None,
        scopes=list(key.scopes) if key else [],
        created_at=account.created_at,
    )


@router.get(
    "/social-accounts", response_model=list[SocialAccountOut], summary="Your connected accounts"
)
def list_accounts(caller: CallerDep, session: SessionDep) -> list[SocialAccountOut]:
    rows = session.execute(
        select(SocialAccount, IntegrationKey)
        .join(IntegrationKey, IntegrationKey.id == SocialAccount.integration_id, isouter=True)
        .where(SocialAccount.user_id == caller.user_id)
        .order_by(SocialAccount.created_at)
    ).all()
    return [_account(a, k) for a, k in rows]


@router.get("/social-accounts/{account_id}", response_model=SocialAccountOut, summary="One account")
def get_account(account_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> SocialAccountOut:
    account = strictly_owned(session, SocialAccount, account_id, caller.user_id)
    key = session.get(IntegrationKey, account.integration_id) if account.integration_id else None
    return _account(account, key)


@router.post(
    "/social-accounts",
    response_model=SocialAccountOut,
    status_code=status.HTTP_201_CREATED,
    summary="Connect an account: tokens are encrypted at rest and never returned",
)
def connect_account(
    body: SocialAccountConnect, caller: Connector, session: SessionDep, state: StateDep
) -> SocialAccountOut:
    taken = session.scalars(
        select(SocialAccount).where(
            SocialAccount.platform == body.platform, SocialAccount.handle == body.handle
        )
    ).first()
    if taken is not None:
        # Same message whether the handle is yours or someone else's: no tenant probing.
        raise ConflictError("social_accounts", ["platform", "handle"], [body.platform, body.handle])
    key = IntegrationKey(
        user_id=caller.user_id,
        platform=body.platform,
        client_app_name=body.client_app_name,
        token_expires_at=body.token_expires_at,
        scopes=list(body.scopes),
    )
    key.set_tokens(state.runtime.box, body.access_token, body.refresh_token)
    session.add(key)
    session.flush()
    account = SocialAccount(
        user_id=caller.user_id,
        integration_id=key.id,
        platform=body.platform,
        handle=body.handle,
        account_external_id=body.account_external_id,
    )
    session.add(account)
    session.flush()
    return _account(account, key)


@router.delete(
    "/social-accounts/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Disconnect an account (its tokens are deleted)",
)
def disconnect_account(account_id: uuid.UUID, caller: Connector, session: SessionDep) -> Response:
    account = strictly_owned(session, SocialAccount, account_id, caller.user_id)
    if account.integration_id is not None:
        key = session.get(IntegrationKey, account.integration_id)
        if key is not None and key.user_id == caller.user_id:
            key.status = IntegrationStatus.REVOKED
            session.delete(key)
    account.is_connected = False
    account.integration_id = None
    session.flush()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- API keys -----------------------------------------------------------------------------------


@router.get("/keys", response_model=list[ApiKeyOut], summary="Your API keys (never the keys)")
def list_keys(caller: CallerDep, session: SessionDep) -> list[ApiKey]:
    return list(
        session.scalars(
            select(ApiKey).where(ApiKey.user_id == caller.user_id).order_by(ApiKey.created_at)
        )
    )


@router.delete(
    "/keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke one of your keys"
)
def revoke_own_key(key_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> Response:
    try:
        revoke_key(session, key_id, caller.user_id)
    except NotFoundError:
        raise NotFoundError("ApiKey", key_id) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)
