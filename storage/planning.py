"""Planning & strategy (seed 000 §2, seed 004 "Strategy" and "Audience Intelligence" services):
projects, campaigns, the content calendar, trend signals, platform and audience profiles, and
the strategy decisions the planner records.

Platform and audience profiles are shared reference data (``user_id`` NULL); a creator can add
custom ones (``user_id`` set), which is why their natural keys are unique per user.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    CalendarItemStatus,
    CampaignStatus,
    ContentPillar,
    Platform,
    ProjectStatus,
    TrendSource,
    VisualEnergy,
)


class Project(UUIDPrimaryKey, Timestamps, Base):
    """A creator's long-running goal (objectives: KPIs, audience segment, tone)."""

    __tablename__ = "projects"

    user_id: Mapped[uuid.UUID] = owner()
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    objectives_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ProjectStatus] = mapped_column(
        enum_type(ProjectStatus, "status"), default=ProjectStatus.ACTIVE
    )

    campaigns: Mapped[list[Campaign]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )


class Campaign(UUIDPrimaryKey, Timestamps, Base):
    """A time-boxed push inside a project, aimed at some platforms."""

    __tablename__ = "campaigns"

    project_id: Mapped[uuid.UUID] = reference("projects.id", ondelete="CASCADE", nullable=False)
    user_id: Mapped[uuid.UUID] = owner()  # added: tenant scoping without a join
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    target_platforms: Mapped[list[str]] = mapped_column(JsonType, default=list)
    budget_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[CampaignStatus] = mapped_column(
        enum_type(CampaignStatus, "status"), default=CampaignStatus.PLANNED
    )

    project: Mapped[Project] = relationship(back_populates="campaigns")


class ContentCalendar(UUIDPrimaryKey, Timestamps, Base):
    """One planned period (usually a week) of content, versioned as the plan is revised."""

    __tablename__ = "content_calendars"

    user_id: Mapped[uuid.UUID] = owner()
    project_id: Mapped[uuid.UUID | None] = reference(
        "projects.id", ondelete="SET NULL", nullable=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    strategy_summary: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[CalendarItem]] = relationship(
        back_populates="calendar",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CalendarItem.planned_date",
    )


class CalendarItem(UUIDPrimaryKey, Timestamps, Base):
    """One planned reel: when (``planned_date`` is the planned publishing moment, UTC), where,
    which pillar/topic, and — once produced — which twin and script."""

    __tablename__ = "calendar_items"
    __table_args__ = (
        Index("ix_calendar_items_planned_date", "planned_date"),  # seed 000 §12
        Index("ix_calendar_items_user_id_planned_date", "user_id", "planned_date"),
    )

    calendar_id: Mapped[uuid.UUID] = reference(
        "content_calendars.id", ondelete="CASCADE", nullable=False
    )
    user_id: Mapped[uuid.UUID] = owner(index=False)  # added; led by the weekly-view index
    campaign_id: Mapped[uuid.UUID | None] = reference(
        "campaigns.id", ondelete="SET NULL", nullable=True
    )
    planned_date: Mapped[datetime] = mapped_column(UTCDateTime())
    planned_platforms: Mapped[list[str]] = mapped_column(JsonType, default=list)
    content_pillar: Mapped[ContentPillar] = mapped_column(
        enum_type(ContentPillar, "content_pillar")
    )
    topic: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    ai_twin_id: Mapped[uuid.UUID | None] = reference(
        "ai_twins.id", ondelete="SET NULL", nullable=True
    )
    script_id: Mapped[uuid.UUID | None] = reference(
        "scripts.id", ondelete="SET NULL", nullable=True
    )
    job_id: Mapped[uuid.UUID | None] = reference(  # added: the job producing this item
        "jobs.id", ondelete="SET NULL", nullable=True
    )
    status: Mapped[CalendarItemStatus] = mapped_column(
        enum_type(CalendarItemStatus, "status"), default=CalendarItemStatus.PLANNED
    )

    calendar: Mapped[ContentCalendar] = relationship(back_populates="items")


class TrendSignal(UUIDPrimaryKey, Base):
    """A topic some source says is rising; shared by all users (trends are public)."""

    __tablename__ = "trend_signals"
    __table_args__ = (
        Index("ix_trend_signals_metadata_json_gin", "metadata_json", postgresql_using="gin").ddl_if(
            dialect="postgresql"
        ),
    )

    source: Mapped[TrendSource] = mapped_column(enum_type(TrendSource, "source"))
    topic: Mapped[str] = mapped_column(String(300), index=True)
    platform_hint: Mapped[Platform | None] = mapped_column(enum_type(Platform, "platform_hint"))
    score: Mapped[float] = mapped_column(Float)
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    metadata_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class PlatformProfile(UUIDPrimaryKey, Timestamps, Base):
    """What a platform rewards: ideal length, hook window, loop weight, priority metrics, and
    the hard rules (caption/title limits, safe zones, aspects) in ``rules``."""

    __tablename__ = "platform_profiles"
    __table_args__ = (
        UniqueConstraint("user_id", "platform"),
        Index(
            "ix_platform_profiles_priority_metrics_gin", "priority_metrics", postgresql_using="gin"
        ).ddl_if(dialect="postgresql"),
    )

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: shared reference data
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    ideal_length: Mapped[int] = mapped_column(Integer)  # seconds
    hook_window_seconds: Mapped[float] = mapped_column(Float)
    loop_weight: Mapped[float] = mapped_column(Float)
    priority_metrics: Mapped[list[str]] = mapped_column(JsonType, default=list)
    rules: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class AudienceProfile(UUIDPrimaryKey, Timestamps, Base):
    """A normalised audience assumption (attention span, language mix, energy, emotion bias)."""

    __tablename__ = "audience_profiles"
    __table_args__ = (UniqueConstraint("user_id", "audience_key"),)

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: shared reference data
    audience_key: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text, default="")
    attention_span: Mapped[float] = mapped_column(Float)  # seconds before the first swipe risk
    language_mix: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    visual_energy: Mapped[VisualEnergy] = mapped_column(enum_type(VisualEnergy, "visual_energy"))
    emotion_bias: Mapped[list[str]] = mapped_column(JsonType, default=list)


class StrategyRun(UUIDPrimaryKey, CreatedAt, Base):
    """The planner's decision for one job and platform (decisions, not prompts)."""

    __tablename__ = "strategy_runs"

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    strategy_output: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
