"""The one interface every publishing target implements, and the data it exchanges.

`UploadSession` is deliberately a single, flat, JSON-serialisable model for every platform so the
caller can store it in `Post.platform_session_json` and load it back without knowing which
platform wrote it; each client documents which fields it uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.platforms.errors import PublishError

Privacy = Literal["public", "unlisted", "private"]
SessionStage = Literal["uploading", "uploaded", "processing", "publishing", "published"]


class PublishOptions(BaseModel):
    """Platform flags the creator (or the planner) chose for this reel."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    privacy: Privacy = "public"
    made_for_kids: bool = False
    ai_generated: bool = True
    youtube_category_id: str = "22"
    tiktok_privacy_level: str | None = None
    disable_comment: bool = False
    disable_duet: bool = False
    disable_stitch: bool = False
    share_to_feed: bool = True
    cover_offset_ms: int | None = Field(default=None, ge=0)


class ReelUpload(BaseModel):
    """A finished reel and its text, ready to be adapted and published to one account."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    video_path: Path
    cover_path: Path | None = None
    caption: str
    title: str = ""
    hashtags: tuple[str, ...] = ()
    duration_sec: float = Field(gt=0)
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    idempotency_key: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._-]+$")
    options: PublishOptions = PublishOptions()

    @field_validator("hashtags")
    @classmethod
    def _normalise_hashtags(cls, tags: tuple[str, ...]) -> tuple[str, ...]:
        cleaned: list[str] = []
        for tag in tags:
            bare = tag.strip().lstrip("#")
            if bare and bare.lower() not in {t.lower() for t in cleaned}:
                cleaned.append(bare)
        return tuple(cleaned)

    @property
    def aspect_ratio(self) -> float:
        """Width divided by height (9:16 is 0.5625)."""
        return self.width / self.height

    @property
    def aspect(self) -> str:
        """The reduced ratio, e.g. ``"9:16"``."""
        divisor = math.gcd(self.width, self.height)
        return f"{self.width // divisor}:{self.height // divisor}"

    @property
    def size_bytes(self) -> int:
        return self.video_path.stat().st_size


class PrecheckProblem(BaseModel):
    """One rule the reel breaks on a platform, naming the field and the bad value."""

    model_config = ConfigDict(frozen=True)

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class UploadedPart(BaseModel):
    """One byte range of a multi-part upload (LinkedIn) and the ETag the platform returned."""

    first_byte: int
    last_byte: int
    upload_url: str
    etag: str | None = None


class UploadSession(BaseModel):
    """The platform's in-flight upload, persisted by the caller after every step.

    `remote_id` is the platform's handle for the upload (YouTube video id once complete,
    Instagram/Threads container id, TikTok publish_id, LinkedIn video URN, Facebook video id).
    """

    platform: str
    idempotency_key: str
    stage: SessionStage
    total_bytes: int
    bytes_done: int = 0
    upload_url: str | None = None
    remote_id: str | None = None
    chunk_size: int | None = None
    parts: list[UploadedPart] = Field(default_factory=list)
    upload_token: str | None = None
    platform_post_id: str | None = None
    url: str | None = None
    started_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    extra: dict[str, str] = Field(default_factory=dict)


class PublishResult(BaseModel):
    """What the platform said once the post exists (or the package is ready to post by hand)."""

    platform: str
    platform_post_id: str
    url: str | None = None
    response_json: dict[str, Any] = Field(default_factory=dict)
    requires_manual_post: bool = False


class TokenProvider(Protocol):
    """Access tokens for one connected account; implemented by the caller over IntegrationKey."""

    def access_token(self) -> str:
        """A token believed valid now (refreshing first when it is about to expire)."""
        ...

    def refresh(self) -> str:
        """Force a refresh after the platform rejected the token; raises TokenRevokedError."""
        ...


SessionSink = Callable[[UploadSession], None]


class Publisher(Protocol):
    """A publishing target: pre-check without side effects, then publish exactly once."""

    platform: str

    def precheck(self, reel: ReelUpload) -> list[PrecheckProblem]:
        """Every rule the reel breaks on this platform; empty means it may be uploaded."""
        ...

    def publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        """Upload and publish, resuming `session` when given; report each step to `on_session`."""
        ...


class NoTokens:
    """The token provider for targets that need none (outbox, export packages)."""

    def access_token(self) -> str:
        return ""

    def refresh(self) -> str:
        return ""


def check_session(
    platform: str, reel: ReelUpload, session: UploadSession | None, *, check_file: bool = True
) -> None:
    """Refuse to resume a session that belongs to another post, platform or video file.

    `check_file=False` skips the size comparison for finished sessions, whose video file may
    already have been cleaned up.
    """
    if session is None:
        return
    if session.platform != platform:
        raise PublishError(
            platform,
            f"session.platform is {session.platform!r}, not {platform!r}",
            retryable=False,
        )
    if session.idempotency_key != reel.idempotency_key:
        raise PublishError(
            platform,
            f"session.idempotency_key {session.idempotency_key!r} does not match "
            f"reel.idempotency_key {reel.idempotency_key!r}",
            retryable=False,
        )
    if check_file and session.total_bytes != reel.size_bytes:
        raise PublishError(
            platform,
            f"video_path {reel.video_path} is {reel.size_bytes} bytes but the saved session "
            f"uploaded a {session.total_bytes}-byte file; refusing to mix two files",
            retryable=False,
        )
