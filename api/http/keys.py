"""Issuing, checking and revoking API keys (shared by the HTTP API and ``twinreel keys``).

A key is ``tr_`` + 43 url-safe characters (32 random bytes). Only its SHA-256 is stored, so a
leaked database does not leak working keys; the plaintext exists once, in the caller's hands.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.api_keys import ApiKey
from storage.base import utcnow
from storage.enums import RoleName
from storage.errors import NotFoundError

KEY_PREFIX = "tr_"
SHOWN_PREFIX_LEN = 10  # "tr_" + 7 characters: enough to tell keys apart, useless to an attacker


@dataclass(frozen=True)
class IssuedKey:
    """A freshly made key: ``secret`` is the only copy of the plaintext there will ever be."""

    id: uuid.UUID
    secret: str
    prefix: str
    role: RoleName


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_key(session: Session, user_id: uuid.UUID, role: RoleName, name: str = "") -> IssuedKey:
    """Store a new key's hash for ``user_id`` and hand back the plaintext once."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        user_id=user_id,
        name=name,
        prefix=secret[:SHOWN_PREFIX_LEN],
        key_hash=hash_key(secret),
        role=role,
    )
    session.add(row)
    session.flush()
    return IssuedKey(id=row.id, secret=secret, prefix=row.prefix, role=role)


def find_active_key(session: Session, secret: str) -> ApiKey | None:
    """The unrevoked key whose hash matches ``secret`` (constant work whatever the input)."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return None
    return session.scalars(
        select(ApiKey).where(ApiKey.key_hash == hash_key(secret), ApiKey.revoked_at.is_(None))
    ).first()


def revoke_key(session: Session, key_id: uuid.UUID, user_id: uuid.UUID | None = None) -> ApiKey:
    """Stamp ``revoked_at``; with ``user_id``, only that user's key can be revoked."""
    row = session.get(ApiKey, key_id)
    if row is None or (user_id is not None and row.user_id != user_id):
        raise NotFoundError("ApiKey", key_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return row
