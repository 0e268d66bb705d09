"""Media metadata (seed 000 §3.4 and §4, seed 004 Image/Video/Audio services): assets, render
jobs, finished reels, and the per-scene images, videos and voice tracks.

Blobs live in the media store; rows hold URIs and metadata only. ``images``, ``videos`` and
``audio_tracks`` keep seed 004's columns and point at the :class:`MediaAsset` that owns the file,
so every byte on disk has exactly one asset row.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
)
from storage.enums import ApprovalStatus, AspectRatio, MediaAssetType, RenderStatus

MAX_REEL_SECONDS = 30


class MediaAsset(UUIDPrimaryKey, Timestamps, Base):
    """One file in the media store (raw footage, overlays, renders, thumbnails, voiceovers…)."""

    __tablename__ = "media_assets"

    user_id: Mapped[uuid.UUID] = owner()
    type: Mapped[MediaAssetType] = mapped_column(enum_type(MediaAssetType, "type"))
    uri: Mapped[str] = mapped_column(String(1000))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    resolution: Mapped[str | None] = mapped_column(String(20))  # "1080x1920"
    metadata_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class RenderJob(UUIDPrimaryKey, Timestamps, Base):
    """One render of a script with a twin and a voice into a vertical video."""

    __tablename__ = "render_jobs"
    __table_args__ = (
        Index("ix_render_jobs_status_created_at", "status", "created_at"),  # seed 000 §12
        CheckConstraint(
            f"target_duration_sec > 0 AND target_duration_sec <= {MAX_REEL_SECONDS}",
            name="target_duration_range",
        ),
        CheckConstraint("progress_pct >= 0 AND progress_pct <= 100", name="progress_range"),
    )

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    ai_twin_id: Mapped[uuid.UUID | None] = reference(
        "ai_twins.id", ondelete="SET NULL", nullable=True
    )
    script_id: Mapped[uuid.UUID | None] = reference(
        "scripts.id", ondelete="SET NULL", nullable=True
    )
    input_assets: Mapped[list[str]] = mapped_column(JsonType, default=list)  # asset ids
    tts_voice_profile_id: Mapped[uuid.UUID | None] = reference(
        "voice_profiles.id", ondelete="SET NULL", nullable=True
    )
    target_aspect: Mapped[AspectRatio] = mapped_column(
        enum_type(AspectRatio, "target_aspect"), default=AspectRatio.VERTICAL_9_16
    )
    target_duration_sec: Mapped[int] = mapped_column(Integer)
    status: Mapped[RenderStatus] = mapped_column(
        enum_type(RenderStatus, "status"), default=RenderStatus.QUEUED
    )
    progress_pct: Mapped[float] = mapped_column(Float, default=0.0)
    output_asset_id: Mapped[uuid.UUID | None] = reference(
        "media_assets.id", ondelete="SET NULL", nullable=True
    )
    error_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class VideoReel(UUIDPrimaryKey, Timestamps, Base):
    """A finished reel awaiting (or past) approval; it feeds one Post per account."""

    __tablename__ = "video_reels"
    __table_args__ = (
        Index(  # seed 000 §12: review queues
            "ix_video_reels_approval_status_created_at", "approval_status", "created_at"
        ),
        Index(  # the per-creator review queue
            "ix_video_reels_user_id_approval_status_created_at",
            "user_id",
            "approval_status",
            "created_at",
        ),
    )

    user_id: Mapped[uuid.UUID] = owner(index=False)
    render_id: Mapped[uuid.UUID | None] = reference(
        "render_jobs.id", ondelete="SET NULL", nullable=True
    )
    story_id: Mapped[uuid.UUID | None] = reference("stories.id", ondelete="SET NULL", nullable=True)
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    caption_text: Mapped[str] = mapped_column(Text, default="")
    hashtags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    length_sec: Mapped[float] = mapped_column(Float)
    aspect_ratio: Mapped[AspectRatio] = mapped_column(
        enum_type(AspectRatio, "aspect_ratio"), default=AspectRatio.VERTICAL_9_16
    )
    quality_score: Mapped[float | None] = mapped_column(Float)
    storage_uri: Mapped[str] = mapped_column(String(1000))  # final mp4
    thumbnail_asset_id: Mapped[uuid.UUID | None] = reference(
        "media_assets.id", ondelete="SET NULL", nullable=True
    )
    approval_status: Mapped[ApprovalStatus] = mapped_column(
        enum_type(ApprovalStatus, "approval_status"), default=ApprovalStatus.PENDING_REVIEW
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Image(UUIDPrimaryKey, CreatedAt, Base):
    """The visual drawn or generated for one story scene."""

    __tablename__ = "images"

    user_id: Mapped[uuid.UUID] = owner()
    scene_id: Mapped[uuid.UUID | None] = reference(
        "story_scenes.id", ondelete="SET NULL", nullable=True
    )
    asset_id: Mapped[uuid.UUID | None] = reference(
        "media_assets.id", ondelete="CASCADE", nullable=True
    )
    storage_url: Mapped[str] = mapped_column(String(1000))
    style: Mapped[str] = mapped_column(String(50), default="")


class Video(UUIDPrimaryKey, CreatedAt, Base):
    """A video file produced for a job (the assembled reel, or a generated clip)."""

    __tablename__ = "videos"

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    asset_id: Mapped[uuid.UUID | None] = reference(
        "media_assets.id", ondelete="CASCADE", nullable=True
    )
    storage_url: Mapped[str] = mapped_column(String(1000))
    duration: Mapped[float] = mapped_column(Float)  # seconds
    resolution: Mapped[str] = mapped_column(String(20))


class AudioTrack(UUIDPrimaryKey, CreatedAt, Base):
    """The synthesized narration of a script."""

    __tablename__ = "audio_tracks"

    user_id: Mapped[uuid.UUID] = owner()
    script_id: Mapped[uuid.UUID | None] = reference(
        "scripts.id", ondelete="SET NULL", nullable=True
    )
    asset_id: Mapped[uuid.UUID | None] = reference(
        "media_assets.id", ondelete="CASCADE", nullable=True
    )
    voice_profile_id: Mapped[uuid.UUID | None] = reference(
        "voice_profiles.id", ondelete="SET NULL", nullable=True
    )
    storage_url: Mapped[str] = mapped_column(String(1000))
    voice_id: Mapped[str] = mapped_column(String(50), default="")
    duration_sec: Mapped[float | None] = mapped_column(Float)
