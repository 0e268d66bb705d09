"""Posts by the platform's id (joining platform analytics back to our post), posts due to be
published, and publisher attempts due for a retry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.enums import Platform, PublisherTaskStatus, PublishStatus
from storage.publishing import Post, PublisherTask


def post_by_platform_post_id_query(platform: Platform, platform_post_id: str) -> Select[Post]:
    """Uses ix_posts_platform_post_id (seed 000 §12)."""
    return select(Post).where(Post.platform_post_id == platform_post_id, Post.platform == platform)


def post_by_platform_post_id(
    session: Session, platform: Platform, platform_post_id: str
) -> Post | None:
    return session.scalars(post_by_platform_post_id_query(platform, platform_post_id)).first()


def due_posts_query(now: datetime, limit: int = 100) -> Select[Post]:
    """Scheduled posts whose time has come, oldest first; uses
    ix_posts_publish_status_scheduled_time."""
    return (
        select(Post)
        .where(Post.publish_status == PublishStatus.SCHEDULED, Post.scheduled_time <= now)
        .order_by(Post.scheduled_time)
        .limit(limit)
    )


def due_posts(session: Session, now: datetime, limit: int = 100) -> list[Post]:
    return list(session.scalars(due_posts_query(now, limit)))


def due_publisher_tasks_query(now: datetime, limit: int = 100) -> Select[PublisherTask]:
    """Queued attempts whose retry time has come; uses ix_publisher_tasks_status_next_attempt_at."""
    return (
        select(PublisherTask)
        .where(
            PublisherTask.status == PublisherTaskStatus.QUEUED,
            PublisherTask.next_attempt_at <= now,
        )
        .order_by(PublisherTask.next_attempt_at)
        .limit(limit)
    )


def due_publisher_tasks(session: Session, now: datetime, limit: int = 100) -> list[PublisherTask]:
    return list(session.scalars(due_publisher_tasks_query(now, limit)))
