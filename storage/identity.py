"""Identity & access (seed 000 §1, §7, §9): users, their agent, platform credentials, accounts,
roles, consent, app sessions and notifications.

Credentials are stored only encrypted; the accessors take a :class:`~storage.crypto.SecretBox`
so no key ever lives in a model or a module global.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import (
    Base,
    CreatedAt,
    JsonType,
    Timestamps,
    UTCDateTime,
    UUIDPrimaryKey,
    enum_type,
    owner,
    reference,
    utcnow,
)
from storage.enums import (
    AgentState,
    AppSessionStatus,
    ConsentType,
    DeviceType,
    IntegrationStatus,
    NotificationType,
    Platform,
    RoleName,
    UserStatus,
)

if TYPE_CHECKING:
    from storage.crypto import SecretBox

DEFAULT_PREFERENCES: dict[str, Any] = {
    "ui_theme": "system",
    "notif_prefs": {"email": False, "push": True},
    "default_platforms": ["tiktok", "instagram", "youtube_shorts"],
    "approval_required": True,
    "auto_publish": False,
}


def default_preferences() -> dict[str, Any]:
    """A fresh copy of the default preferences (never share a mutable default)."""
    return {**DEFAULT_PREFERENCES, "notif_prefs": dict(DEFAULT_PREFERENCES["notif_prefs"])}


class User(UUIDPrimaryKey, Timestamps, Base):
    """A creator (or admin). Deleting one deletes every row they own, by ON DELETE CASCADE."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[RoleName] = mapped_column(enum_type(RoleName, "role"), default=RoleName.CREATOR)
    status: Mapped[UserStatus] = mapped_column(
        enum_type(UserStatus, "status"), default=UserStatus.ACTIVE
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA name
    # ui_theme, notif_prefs, default_platforms[], approval_required, auto_publish
    preferences_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=default_preferences)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Agent(UUIDPrimaryKey, Timestamps, Base):
    """The creator's content agent ("AI Twin Content Agent"); one Agent_Memory each."""

    __tablename__ = "agents"

    user_id: Mapped[uuid.UUID] = owner()
    name: Mapped[str] = mapped_column(String(200), default="AI Twin Content Agent")
    state: Mapped[AgentState] = mapped_column(
        enum_type(AgentState, "state"), default=AgentState.IDLE
    )
    # {planner: true, media: true, publisher: true, analytics: true, learning: true}
    capabilities_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class IntegrationKey(UUIDPrimaryKey, Timestamps, Base):
    """OAuth credentials for one platform app; tokens only ever stored encrypted."""

    __tablename__ = "integration_keys"

    user_id: Mapped[uuid.UUID] = owner()
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    client_app_name: Mapped[str] = mapped_column(String(200))
    access_token_encrypted: Mapped[str] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scopes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    status: Mapped[IntegrationStatus] = mapped_column(
        enum_type(IntegrationStatus, "status"), default=IntegrationStatus.CONNECTED
    )

    def set_tokens(self, box: SecretBox, access_token: str, refresh_token: str | None) -> None:
        """Store both tokens encrypted under the box's newest key."""
        self.access_token_encrypted = box.encrypt(access_token)
        self.refresh_token_encrypted = None if refresh_token is None else box.encrypt(refresh_token)

    def access_token(self, box: SecretBox) -> str:
        return box.decrypt(self.access_token_encrypted)

    def refresh_token(self, box: SecretBox) -> str | None:
        token = self.refresh_token_encrypted
        return None if token is None else box.decrypt(token)


class SocialAccount(UUIDPrimaryKey, Timestamps, Base):
    """A creator's account on one platform; a handle belongs to one account per platform."""

    __tablename__ = "social_accounts"
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    user_id: Mapped[uuid.UUID] = owner()
    integration_id: Mapped[uuid.UUID | None] = reference(
        "integration_keys.id", ondelete="SET NULL", nullable=True
    )
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    handle: Mapped[str] = mapped_column(String(200), index=True)
    account_external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    is_connected: Mapped[bool] = mapped_column(Boolean, default=True)
    last_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Role(UUIDPrimaryKey, CreatedAt, Base):
    """A named permission set (creator, admin)."""

    __tablename__ = "roles"

    name: Mapped[RoleName] = mapped_column(enum_type(RoleName, "name"), unique=True)
    permissions_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class UserRole(UUIDPrimaryKey, Base):
    """A role granted to a user (once)."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role_id"),)

    user_id: Mapped[uuid.UUID] = owner()
    role_id: Mapped[uuid.UUID] = reference("roles.id", ondelete="CASCADE", nullable=False)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConsentRecord(UUIDPrimaryKey, CreatedAt, Base):
    """An explicit yes/no to likeness modelling, voice cloning, data processing or publishing.

    Kept as a log (newest row per type wins) so the history of consent is never overwritten.
    """

    __tablename__ = "consent_records"

    user_id: Mapped[uuid.UUID] = owner()
    consent_type: Mapped[ConsentType] = mapped_column(enum_type(ConsentType, "consent_type"))
    granted: Mapped[bool] = mapped_column(Boolean)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    details: Mapped[str] = mapped_column(Text, default="")


class AppSession(UUIDPrimaryKey, Base):
    """A signed-in client session (seed "AppSession"; not SQLAlchemy's Session)."""

    __tablename__ = "app_sessions"

    user_id: Mapped[uuid.UUID] = owner()
    device_type: Mapped[DeviceType] = mapped_column(enum_type(DeviceType, "device_type"))
    device_info_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[AppSessionStatus] = mapped_column(
        enum_type(AppSessionStatus, "status"), default=AppSessionStatus.ACTIVE
    )


class Notification(UUIDPrimaryKey, CreatedAt, Base):
    """Something the creator should see (render done, publish failed, approval needed…)."""

    __tablename__ = "notifications"

    user_id: Mapped[uuid.UUID] = owner()
    type: Mapped[NotificationType] = mapped_column(enum_type(NotificationType, "type"))
    payload_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)  # deeplink target
    is_read: Mapped[bool] = mapped_column(Boolean, default=False)
