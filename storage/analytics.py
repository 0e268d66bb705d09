"""Analytics & learning (seed 000 §6): snapshots of each post's metrics over time, weekly
reports, the strategy updates drawn from them, and the creator's own feedback.

``AnalyticsSnapshot.is_simulated`` labels numbers from the offline audience simulator so they
are never mistaken for real platform insights.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import (
    Base,
    CreatedAt,
    JsonType,
    UTCDateTime,
    UUIDPrimaryKey,
    enum_type,
    owner,
    reference,
    utcnow,
)
from storage.enums import FeedbackSubject, Platform


class AnalyticsSnapshot(UUIDPrimaryKey, Base):
    """A post's metrics at one moment: ``{views, impressions, likes, comments, shares, saves,
    watch_time_sec, ctr, followers_delta}`` (seed 000 §13.2)."""

    __tablename__ = "analytics_snapshots"
    __table_args__ = (
        Index("ix_analytics_snapshots_post_id_captured_at", "post_id", "captured_at"),  # §12
        Index("ix_analytics_snapshots_captured_at", "captured_at"),
        Index(
            "ix_analytics_snapshots_metrics_json_gin", "metrics_json", postgresql_using="gin"
        ).ddl_if(dialect="postgresql"),
    )

    post_id: Mapped[uuid.UUID] = reference(
        "posts.id", ondelete="CASCADE", nullable=False, index=False
    )
    user_id: Mapped[uuid.UUID] = owner()  # added: tenant scoping without a join
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    metrics_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    is_simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)


class WeeklyReport(UUIDPrimaryKey, CreatedAt, Base):
    """A week's results: totals, per-platform breakdown, top posts and insights."""

    __tablename__ = "weekly_reports"
    __table_args__ = (Index("ix_weekly_reports_user_id_week_start", "user_id", "week_start"),)

    user_id: Mapped[uuid.UUID] = owner(index=False)
    week_start: Mapped[date] = mapped_column(Date)
    week_end: Mapped[date] = mapped_column(Date)
    aggregate_metrics_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    top_posts: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    insights: Mapped[str] = mapped_column(Text, default="")
    pdf_uri: Mapped[str | None] = mapped_column(String(1000))


class StrategyUpdate(UUIDPrimaryKey, CreatedAt, Base):
    """What to change next: ``{topics_to_increase[], topics_to_reduce[],
    platform_timing_updates, tone_adjustments, twin_rotation}`` (seed 000 §13.1)."""

    __tablename__ = "strategy_updates"

    user_id: Mapped[uuid.UUID] = owner()
    source_report_id: Mapped[uuid.UUID | None] = reference(
        "weekly_reports.id", ondelete="SET NULL", nullable=True
    )
    adjustments_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    effective_start_date: Mapped[date] = mapped_column(Date)


class Feedback(UUIDPrimaryKey, CreatedAt, Base):
    """A creator's 1–5 rating of a script, reel, post or the agent."""

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),)

    user_id: Mapped[uuid.UUID] = owner()
    subject_type: Mapped[FeedbackSubject] = mapped_column(
        enum_type(FeedbackSubject, "subject_type")
    )
    subject_id: Mapped[str] = mapped_column(String(100))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
