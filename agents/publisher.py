"""The publisher agent: one ``Post`` per (reel, account), published exactly once.

A post's ``idempotency_key`` is derived from the job and the account, so producing the same reel
again finds the same post. Each attempt is a ``PublisherTask``; the platform's in-flight upload is
saved on the post after every step, so a retry after a crash resumes the platform session
instead of uploading again. Retryable failures leave the post ``scheduled`` with a backoff;
permanent ones mark it ``failed`` and tell the creator.

Publishing is never decided by a model: the ``publish_post`` tool exists so a model can *see*
it, but only the publisher node invokes it, after the approval gate.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.crypto import SecretBox
from storage.database import transaction
from storage.enums import (
    EventSubject,
    EventType,
    IntegrationStatus,
    MediaAssetType,
    NotificationType,
    PublisherTaskStatus,
    PublishStatus,
)
from storage.identity import IntegrationKey, Notification, SocialAccount
from storage.media import MediaAsset, VideoReel
from storage.orchestration import EventLog
from storage.publishing import Post, PublisherTask
from storage.seed_data import OUTBOX_APP
from tools.media_store import MediaStore
from tools.platforms.base import (
    NoTokens,
    Publisher,
    PublishResult,
    ReelUpload,
    TokenProvider,
    UploadSession,
)
from tools.platforms.errors import PublishError, TokenRevokedError
from tools.platforms.oauth import OAuthRefresher, RefreshingTokenProvider, TokenSet

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
MAX_ATTEMPTS = 6

PublisherFor = Callable[[SocialAccount, IntegrationKey | None], Publisher]
RefresherFor = Callable[[str], OAuthRefresher | None]


def no_refresher(platform: str) -> OAuthRefresher | None:
    """The default: no OAuth app is configured, so an expired token cannot be refreshed."""
    del platform
    return None


def is_outbox(integration: IntegrationKey | None) -> bool:
    """True for the local outbox (no integration, or the outbox's placeholder credentials)."""
    return integration is None or integration.client_app_name == OUTBOX_APP


@dataclass(frozen=True)
class PublishingDeps:
    session_factory: sessionmaker[Session]
    box: SecretBox
    media: MediaStore
    publisher_for: PublisherFor
    clock: Callable[[], datetime]
    worker_node: str = "local"
    refresher_for: RefresherFor = no_refresher


def post_key(job_id: uuid.UUID, account_id: uuid.UUID) -> str:
    return f"tr-{uuid.uuid5(job_id, f'post:{account_id}').hex}"


def target_accounts(
    session: Session, user_id: uuid.UUID, platforms: list[str]
) -> list[SocialAccount]:
    """The creator's connected account on each target platform (first connected one)."""
    accounts = session.scalars(
        select(SocialAccount)
        .where(SocialAccount.user_id == user_id, SocialAccount.is_connected.is_(True))
        .where(SocialAccount.platform.in_(platforms))
        .order_by(SocialAccount.created_at)
    ).all()
    chosen: dict[str, SocialAccount] = {}
    for account in accounts:
        chosen.setdefault(str(account.platform), account)
    return [chosen[p] for p in platforms if p in chosen]


def ensure_posts(
    session: Session,
    *,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    reel: VideoReel,
    accounts: list[SocialAccount],
    scheduled_time: datetime,
) -> list[Post]:
    """Get or create the post for each account (never two for the same job and account)."""
    posts: list[Post] = []
    for account in accounts:
        key = post_key(job_id, account.id)
        post = session.scalars(select(Post).where(Post.idempotency_key == key)).first()
        if post is None:
            post = Post(
                user_id=user_id,
                reel_id=reel.id,
                account_id=account.id,
                platform=account.platform,
                caption=_caption(reel),
                scheduled_time=scheduled_time,
                publish_status=PublishStatus.SCHEDULED,
                idempotency_key=key,
            )
            session.add(post)
            session.flush()
            session.add(
                EventLog(
                    user_id=user_id,
                    event_type=EventType.PUBLISH_SCHEDULED,
                    subject_type=EventSubject.POST,
                    subject_id=str(post.id),
                    message=f"Post to {account.platform} @{account.handle} scheduled for "
                    f"{scheduled_time.isoformat()}",
                    meta_json={"job_id": str(job_id)},
                )
            )
        posts.append(post)
    return posts


def _caption(reel: VideoReel) -> str:
    tags = " ".join(f"#{tag.lstrip('#')}" for tag in reel.hashtags)
    return f"{reel.caption_text}\n\n{tags}".strip()


class _CannotRefresh:
    """Stands in for a platform with no configured OAuth app: refreshing is refused."""

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def refresh(self, tokens: TokenSet) -> TokenSet:
        del tokens
        raise TokenRevokedError(
            self.platform,
            f"the {self.platform} token expired and no OAuth client is configured to refresh "
            "it; reconnect the account with `twinreel accounts connect`",
        )


class IntegrationTokens:
    """The encrypted tokens of one integration as a TokenProvider.

    Tokens are read from the database on first use (another process may have refreshed them),
    refreshed before expiry through the platform's OAuth refresher, and every refreshed set is
    re-encrypted into the ``IntegrationKey`` before it is used. A refusal marks the integration
    ``revoked`` (the platform refused the grant) or ``expired`` (nothing to refresh with) and
    tells the creator to reconnect.
    """

    def __init__(
        self,
        deps: PublishingDeps,
        integration_id: uuid.UUID,
        refresher: OAuthRefresher | None = None,
    ) -> None:
        self._deps = deps
        self._integration_id = integration_id
        self._refresher = refresher
        self._provider: RefreshingTokenProvider | None = None

    def access_token(self) -> str:
        provider = self._load()
        try:
            return provider.access_token()
        except TokenRevokedError as exc:
            self._mark_unusable(exc)
            raise

    def refresh(self) -> str:
        provider = self._load()
        try:
            return provider.refresh()
        except TokenRevokedError as exc:
            self._mark_unusable(exc)
            raise

    def _load(self) -> RefreshingTokenProvider:
        if self._provider is not None:
            return self._provider
        box = self._deps.box
        with self._deps.session_factory() as session:
            integration = session.get_one(IntegrationKey, self._integration_id)
            platform = str(integration.platform)
            if integration.status != IntegrationStatus.CONNECTED:
                raise TokenRevokedError(
                    platform,
                    f"the {platform} integration is {integration.status}; reconnect the account "
                    "with `twinreel accounts connect`",
                )
            tokens = TokenSet(
                access_token=integration.access_token(box),
                refresh_token=integration.refresh_token(box),
                expires_at=integration.token_expires_at,
                scope=" ".join(integration.scopes) or None,
            )
        self._provider = RefreshingTokenProvider(
            tokens,
            self._refresher or _CannotRefresh(platform),
            on_refreshed=self._store,
            clock=self._deps.clock,
        )
        return self._provider

    def _store(self, tokens: TokenSet) -> None:
        with transaction(self._deps.session_factory) as session:
            integration = session.get_one(IntegrationKey, self._integration_id)
            integration.set_tokens(self._deps.box, tokens.access_token, tokens.refresh_token)
            integration.token_expires_at = tokens.expires_at
            integration.status = IntegrationStatus.CONNECTED

    def _mark_unusable(self, exc: TokenRevokedError) -> None:
        refused = self._refresher is not None and exc.status_code is not None
        status = IntegrationStatus.REVOKED if refused else IntegrationStatus.EXPIRED
        with transaction(self._deps.session_factory) as session:
            integration = session.get_one(IntegrationKey, self._integration_id)
            if integration.status != IntegrationStatus.CONNECTED:
                return
            integration.status = status
            session.add(
                Notification(
                    user_id=integration.user_id,
                    type=NotificationType.PUBLISH_FAILED,
                    payload_json={
                        "deeplink": f"twinreel://integrations/{integration.id}",
                        "reason": f"integration_{status}",
                        "platform": str(integration.platform),
                        "error": exc.message,
                        "action": "reconnect the account with `twinreel accounts connect`",
                    },
                )
            )


def publish_post(deps: PublishingDeps, post_id: uuid.UUID) -> Post:
    """One attempt at publishing a post; safe to call again after any crash."""
    with transaction(deps.session_factory) as session:
        post = session.get_one(Post, post_id)
        if post.publish_status == PublishStatus.PUBLISHED:
            session.expunge(post)
            return post
        attempt = 1 + len(post.tasks)
        task = PublisherTask(
            post_id=post.id,
            user_id=post.user_id,
            attempt=attempt,
            status=PublisherTaskStatus.IN_PROGRESS,
            worker_node=deps.worker_node,
        )
        session.add(task)
        post.publish_status = PublishStatus.PUBLISHING
        session.flush()
        task_id = task.id
        account = session.get_one(SocialAccount, post.account_id) if post.account_id else None
        if account is None:
            raise PublishError(
                str(post.platform), "the post's account was removed", retryable=False
            )
        integration = (
            session.get(IntegrationKey, account.integration_id) if account.integration_id else None
        )
        upload = _reel_upload(session, deps.media, post)
        saved = (
            UploadSession.model_validate(post.platform_session_json)
            if post.platform_session_json
            else None
        )
        publisher = deps.publisher_for(account, integration)
        tokens: TokenProvider = (
            NoTokens()
            if integration is None or is_outbox(integration)
            else IntegrationTokens(
                deps, integration.id, deps.refresher_for(str(integration.platform))
            )
        )

    problems = publisher.precheck(upload)
    try:
        if problems:
            raise PublishError(
                str(post.platform), "; ".join(str(p) for p in problems), retryable=False
            )
        result = publisher.publish(
            upload,
            tokens=tokens,
            session=saved,
            on_session=lambda s: _save_session(deps, post_id, s),
        )
    except PublishError as exc:
        return _record_failure(deps, post_id, task_id, attempt, exc)
    return _record_success(deps, post_id, task_id, result)


def _reel_upload(session: Session, media: MediaStore, post: Post) -> ReelUpload:
    reel = session.get_one(VideoReel, post.reel_id)
    video = media.path_for(reel.storage_uri)
    cover = None
    if reel.thumbnail_asset_id:
        thumb = session.get(MediaAsset, reel.thumbnail_asset_id)
        if thumb is not None and thumb.type == MediaAssetType.THUMBNAIL:
            cover = media.path_for(thumb.uri)
    width, height = _resolution(session, reel)
    return ReelUpload(
        video_path=video,
        cover_path=cover,
        caption=reel.caption_text,
        title=reel.title,
        hashtags=tuple(reel.hashtags),
        duration_sec=reel.length_sec,
        width=width,
        height=height,
        idempotency_key=post.idempotency_key or f"tr-{post.id.hex}",
    )


def _resolution(session: Session, reel: VideoReel) -> tuple[int, int]:
    asset = session.scalars(
        select(MediaAsset).where(
            MediaAsset.uri == reel.storage_uri, MediaAsset.user_id == reel.user_id
        )
    ).first()
    if asset is not None and asset.resolution:
        width, height = asset.resolution.split("x")
        return int(width), int(height)
    return {"9_16": (1080, 1920), "1_1": (1080, 1080), "4_5": (1080, 1350)}[str(reel.aspect_ratio)]


def _save_session(deps: PublishingDeps, post_id: uuid.UUID, upload: UploadSession) -> None:
    with transaction(deps.session_factory) as session:
        session.get_one(Post, post_id).platform_session_json = upload.model_dump(mode="json")


def _record_success(
    deps: PublishingDeps, post_id: uuid.UUID, task_id: uuid.UUID, result: PublishResult
) -> Post:
    with transaction(deps.session_factory) as session:
        post = session.get_one(Post, post_id)
        task = session.get_one(PublisherTask, task_id)
        task.status = PublisherTaskStatus.SUCCEEDED
        task.response_json = result.response_json
        post.publish_status = PublishStatus.PUBLISHED
        post.published_at = deps.clock()
        post.platform_post_id = result.platform_post_id
        post.permalink = result.url
        post.error_json = None
        session.add(
            EventLog(
                user_id=post.user_id,
                event_type=EventType.PUBLISH_SUCCEEDED,
                subject_type=EventSubject.POST,
                subject_id=str(post.id),
                message=f"Published to {post.platform}: {result.url or result.platform_post_id}",
                meta_json={"manual_post_required": result.requires_manual_post},
            )
        )
        session.add(
            Notification(
                user_id=post.user_id,
                type=NotificationType.PUBLISH_SUCCESS,
                payload_json={
                    "deeplink": f"twinreel://posts/{post.id}",
                    "url": result.url,
                    "manual_post_required": result.requires_manual_post,
                },
            )
        )
        session.flush()
        session.expunge(post)
        return post


def _record_failure(
    deps: PublishingDeps, post_id: uuid.UUID, task_id: uuid.UUID, attempt: int, exc: PublishError
) -> Post:
    retry = exc.retryable and attempt < MAX_ATTEMPTS
    error = {"type": type(exc).__name__, "message": str(exc), "retryable": exc.retryable}
    with transaction(deps.session_factory) as session:
        post = session.get_one(Post, post_id)
        task = session.get_one(PublisherTask, task_id)
        task.status = PublisherTaskStatus.FAILED
        task.error_json = error
        post.error_json = error
        if retry:
            backoff = min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_CAP)
            task.next_attempt_at = deps.clock() + backoff
            post.publish_status = PublishStatus.SCHEDULED
            post.scheduled_time = task.next_attempt_at
        else:
            post.publish_status = PublishStatus.FAILED
            session.add(
                Notification(
                    user_id=post.user_id,
                    type=NotificationType.PUBLISH_FAILED,
                    payload_json={"deeplink": f"twinreel://posts/{post.id}", "error": str(exc)},
                )
            )
        session.add(
            EventLog(
                user_id=post.user_id,
                event_type=EventType.PUBLISH_FAILED,
                subject_type=EventSubject.POST,
                subject_id=str(post.id),
                message=f"Attempt {attempt} to {post.platform} failed: {exc}",
                meta_json={"will_retry": retry},
            )
        )
        session.flush()
        session.expunge(post)
        return post


def publish_tool(deps: PublishingDeps) -> BaseTool:
    """``publish_post`` as a LangChain tool (invoked by the publisher node, not by a model)."""

    def publish_post_tool(post_id: str) -> dict[str, Any]:
        """Publish one scheduled post (by id) to its account now, exactly once. Returns its
        status, the platform's post id and URL, or the error."""
        post = publish_post(deps, uuid.UUID(post_id))
        return {
            "post_id": str(post.id),
            "platform": str(post.platform),
            "status": str(post.publish_status),
            "platform_post_id": post.platform_post_id,
            "url": post.permalink,
            "error": post.error_json,
        }

    return StructuredTool.from_function(publish_post_tool, name="publish_post")
