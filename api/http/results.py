"""Answering "how did last week go?" from the database: the latest weekly report when there is
one, and the posts of the last seven days with their latest metrics either way."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.analytics import AnalyticsSnapshot, WeeklyReport
from storage.base import utcnow
from storage.enums import PublishStatus
from storage.publishing import Post

METRICS = ("views", "likes", "comments", "shares", "saves")


def last_week_results(session: Session, user_id: uuid.UUID) -> tuple[str, dict[str, Any]]:
    """A sentence for the chat and the numbers behind it."""
    since = utcnow() - timedelta(days=7)
    posts = session.scalars(
        select(Post).where(
            Post.user_id == user_id,
            Post.publish_status == PublishStatus.PUBLISHED,
            Post.published_at >= since,
        )
    ).all()
    totals = dict.fromkeys(METRICS, 0)
    per_post: list[dict[str, Any]] = []
    simulated = False
    for post in posts:
        snapshot = session.scalars(
            select(AnalyticsSnapshot)
            .where(AnalyticsSnapshot.post_id == post.id, AnalyticsSnapshot.user_id == user_id)
            .order_by(AnalyticsSnapshot.captured_at.desc())
            .limit(1)
        ).first()
        metrics = snapshot.metrics_json if snapshot else {}
        simulated = simulated or bool(snapshot and snapshot.is_simulated)
        for name in METRICS:
            value = metrics.get(name)
            if isinstance(value, int | float):
                totals[name] += int(value)
        per_post.append(
            {"post_id": str(post.id), "platform": str(post.platform), "views": metrics.get("views")}
        )
    per_post.sort(key=lambda p: p["views"] or 0, reverse=True)
    report = session.scalars(
        select(WeeklyReport)
        .where(WeeklyReport.user_id == user_id)
        .order_by(WeeklyReport.week_start.desc())
        .limit(1)
    ).first()
    data: dict[str, Any] = {
        "posts": len(posts),
        "totals": totals,
        "top_posts": per_post[:3],
        "simulated": simulated,
        "weekly_report_id": str(report.id) if report else None,
    }
    if not posts and report is None:
        return "Nothing was published in the last 7 days, and there is no weekly report yet.", data
    parts = [
        f"In the last 7 days you published {len(posts)} post(s): "
        f"{totals['views']} views, {totals['likes']} likes, {totals['comments']} comments, "
        f"{totals['shares']} shares."
    ]
    if per_post and per_post[0]["views"]:
        parts.append(f"Best: {per_post[0]['platform']} with {per_post[0]['views']} views.")
    if simulated:
        parts.append("(Numbers from the offline audience simulator, not real platform insights.)")
    if report is not None and report.insights:
        parts.append(f"Weekly report ({report.week_start}–{report.week_end}): {report.insights}")
    return " ".join(parts), data
