"""Bookkeeping about the database itself (not a seed entity): which version of the bundled
reference data has been loaded, so loading is idempotent and upgrades are visible."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, UUIDPrimaryKey, utcnow


class ReferenceDataVersion(UUIDPrimaryKey, Base):
    """One loaded reference-data set (``name``) at a ``version`` with its content checksum."""

    __tablename__ = "reference_data_versions"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    version: Mapped[str] = mapped_column(String(50))
    checksum: Mapped[str] = mapped_column(String(64))  # sha256 of the loaded JSON files
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
