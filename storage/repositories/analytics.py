"""A post's analytics over time (oldest snapshot first), for charts and reinforcement."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.analytics import AnalyticsSnapshot
from storage.publishing import Post


def post_analytics_query(user_id: uuid.UUID, post_id: uuid.UUID) -> Select[AnalyticsSnapshot]:
    """Uses ix_analytics_snapshots_post_id_captured_at (the seed 000 §12 composite).

    The tenant check goes through the post's primary key rather than the snapshot's own
    ``user_id``, so the planner is never tempted by the (cascade-serving) user_id index.
    """
    return (
        select(AnalyticsSnapshot)
        .join(Post, Post.id == AnalyticsSnapshot.post_id)
        .where(AnalyticsSnapshot.post_id == post_id, Post.id == post_id, Post.user_id == user_id)
        .order_by(AnalyticsSnapshot.captured_at)
    )


def post_analytics(
    session: Session, user_id: uuid.UUID, post_id: uuid.UUID
) -> list[AnalyticsSnapshot]:
    return list(session.scalars(post_analytics_query(user_id, post_id)))
