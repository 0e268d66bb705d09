"""API keys: how a creator's app (or script) proves who it is to the HTTP API.

Only a SHA-256 hash of each key is stored; the key itself is shown once when it is made. A key
carries a role (creator or admin) whose permissions come from ``Role.permissions_json``, and is
revoked by stamping ``revoked_at`` (the row stays, so the audit trail of who used what remains).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, CreatedAt, UTCDateTime, UUIDPrimaryKey, enum_type, owner
from storage.enums import RoleName


class ApiKey(UUIDPrimaryKey, CreatedAt, Base):
    """One bearer key of one user; ``key_hash`` is sha256(key) in hex, never the key."""

    __tablename__ = "api_keys"

    user_id: Mapped[uuid.UUID] = owner()
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell keys apart
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[RoleName] = mapped_column(enum_type(RoleName, "role"), default=RoleName.CREATOR)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
