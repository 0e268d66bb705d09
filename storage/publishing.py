"""Publishing (seed 000 §5): one Post per reel per account, and the attempts to publish it.

A post carries an ``idempotency_key`` so a resumed run that publishes again finds the post it
already made instead of making a second one, and ``platform_session_json`` so an interrupted
resumable upload continues where it stopped.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import (
    Base,
    JsonType,
    Timestamps,
    UTCDateTime,
    UUIDPrimaryKey,
    enum_type,
    owner,
    reference,
)
from storage.enums import Platform, PublisherTaskStatus, PublishStatus


class Post(UUIDPrimaryKey, Timestamps, Base):
    """A reel scheduled on (or published to) one social account."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_platform_post_id", "platform_post_id"),  # seed 000 §12
        Index("ix_posts_publish_status_scheduled_time", "publish_status", "scheduled_time"),
    )

    user_id: Mapped[uuid.UUID] = owner()
    reel_id: Mapped[uuid.UUID] = reference("video_reels.id", ondelete="CASCADE", nullable=False)
    account_id: Mapped[uuid.UUID | None] = reference(
        "social_accounts.id", ondelete="SET NULL", nullable=True
    )
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    caption: Mapped[str] = mapped_column(Text, default="")
    scheduled_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    publish_status: Mapped[PublishStatus] = mapped_column(
        enum_type(PublishStatus, "publish_status"), default=PublishStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    platform_post_id: Mapped[str | None] = mapped_column(String(200))
    permalink: Mapped[str | None] = mapped_column(String(1000))
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    platform_session_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    error_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)

    tasks: Mapped[list[PublisherTask]] = relationship(
        back_populates="post",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PublisherTask.attempt",
    )


class PublisherTask(UUIDPrimaryKey, Timestamps, Base):
    """One attempt to publish a post; a failed attempt schedules the next at ``next_attempt_at``."""

    __tablename__ = "publisher_tasks"
    __table_args__ = (
        Index("ix_publisher_tasks_status_next_attempt_at", "status", "next_attempt_at"),
    )

    post_id: Mapped[uuid.UUID] = reference("posts.id", ondelete="CASCADE", nullable=False)
    user_id: Mapped[uuid.UUID] = owner()  # added: tenant scoping without a join
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[PublisherTaskStatus] = mapped_column(
        enum_type(PublisherTaskStatus, "status"), default=PublisherTaskStatus.QUEUED
    )
    worker_node: Mapped[str | None] = mapped_column(String(200))
    response_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)  # raw API response
    error_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    post: Mapped[Post] = relationship(back_populates="tasks")
