"""The review queue: a creator's reels awaiting approval, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.enums import ApprovalStatus
from storage.media import VideoReel


def review_queue_query(user_id: uuid.UUID, limit: int = 50) -> Select[VideoReel]:
    """Uses ix_video_reels_user_id_approval_status_created_at."""
    return (
        select(VideoReel)
        .where(
            VideoReel.user_id == user_id,
            VideoReel.approval_status == ApprovalStatus.PENDING_REVIEW,
        )
        .order_by(VideoReel.created_at.desc())
        .limit(limit)
    )


def review_queue(session: Session, user_id: uuid.UUID, limit: int = 50) -> list[VideoReel]:
    return list(session.scalars(review_queue_query(user_id, limit)))
