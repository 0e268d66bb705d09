"""Initial schema: every table of both seeds (hand-checked against the models).

GIN indexes on the filtered JSONB columns exist only on PostgreSQL (added at the end of
upgrade, as the models declare them with ``ddl_if(dialect="postgresql")``).

Revision ID: 0001
Revises:
Create Date: 2026-11-23 16:17:12.439082
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GIN_INDEXES = (
    ("ix_trend_signals_metadata_json_gin", "trend_signals", "metadata_json"),
    ("ix_platform_profiles_priority_metrics_gin", "platform_profiles", "priority_metrics"),
    ("ix_analytics_snapshots_metrics_json_gin", "analytics_snapshots", "metrics_json"),
    ("ix_creative_memory_metadata_gin", "creative_memory", "metadata"),
)


def upgrade() -> None:
    op.create_table(
        "reference_data_versions",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("version", sa.String(length=50), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_data_versions")),
        sa.UniqueConstraint("name", name=op.f("uq_reference_data_versions_name")),
    )
    op.create_table(
        "roles",
        sa.Column(
            "name",
            sa.Enum("creator", "admin", name="name", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "permissions_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    op.create_table(
        "trend_signals",
        sa.Column(
            "source",
            sa.Enum(
                "google_trends",
                "platform_trending",
                "hashtag_feed",
                "news",
                "rss",
                "seed_list",
                name="source",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column(
            "platform_hint",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform_hint",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "metadata_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_signals")),
    )
    with op.batch_alter_table("trend_signals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trend_signals_collected_at"), ["collected_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_trend_signals_topic"), ["topic"], unique=False)

    op.create_table(
        "users",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column(
            "role",
            sa.Enum("creator", "admin", name="role", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("active", "disabled", name="status", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "preferences_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "agents",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "idle",
                "planning",
                "creating",
                "publishing",
                "analyzing",
                "adapting",
                "error",
                name="state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "capabilities_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_agents_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
    )
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agents_user_id"), ["user_id"], unique=False)

    op.create_table(
        "app_sessions",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "device_type",
            sa.Enum(
                "ios",
                "android",
                "web",
                "cli",
                name="device_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "device_info_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "status",
            sa.Enum("active", "closed", name="status", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_app_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_sessions")),
    )
    with op.batch_alter_table("app_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audience_profiles",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("audience_key", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attention_span", sa.Float(), nullable=False),
        sa.Column(
            "language_mix", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column(
            "visual_energy",
            sa.Enum(
                "low",
                "medium",
                "high",
                name="visual_energy",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "emotion_bias", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audience_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audience_profiles")),
        sa.UniqueConstraint(
            "user_id", "audience_key", name=op.f("uq_audience_profiles_user_id_audience_key")
        ),
    )
    with op.batch_alter_table("audience_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audience_profiles_user_id"), ["user_id"], unique=False)

    op.create_table(
        "consent_records",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "consent_type",
            sa.Enum(
                "likeness_modeling",
                "voice_cloning",
                "data_processing",
                "api_publishing",
                name="consent_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_consent_records_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_records_user_id"), ["user_id"], unique=False)

    op.create_table(
        "emotion_curves",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "timeline", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_emotion_curves_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emotion_curves")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_emotion_curves_user_id_name")),
    )
    with op.batch_alter_table("emotion_curves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emotion_curves_user_id"), ["user_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "subject_type",
            sa.Enum(
                "script",
                "reel",
                "post",
                "agent",
                name="subject_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.String(length=100), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating >= 1 AND rating <= 5", name=op.f("ck_feedback_rating_range")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_feedback_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_user_id"), ["user_id"], unique=False)

    op.create_table(
        "integration_keys",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("client_app_name", sa.String(length=200), nullable=False),
        sa.Column("access_token_encrypted", sa.Text(), nullable=False),
        sa.Column("refresh_token_encrypted", sa.Text(), nullable=True),
        sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "scopes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum(
                "connected",
                "revoked",
                "expired",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_integration_keys_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_keys")),
    )
    with op.batch_alter_table("integration_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_integration_keys_user_id"), ["user_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "produce_reel",
                "plan_week",
                "produce_due_items",
                "publish_post",
                "collect_analytics",
                "weekly_report",
                "adapt_strategy",
                "trend_spike",
                "compact_memory",
                name="kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "completed",
                "failed",
                "awaiting_approval",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "request_payload",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("progress_pct", sa.Float(), nullable=False),
        sa.Column(
            "result_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column(
            "error_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.String(length=200), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "progress_pct >= 0 AND progress_pct <= 100", name=op.f("ck_jobs_progress_range")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_jobs_idempotency_key")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_status_created_at", ["status", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "media_assets",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "raw_video",
                "raw_photo",
                "audio",
                "overlay",
                "caption_file",
                "thumbnail",
                "brand_pack",
                "rendered_video",
                "scene_image",
                "voiceover",
                name="type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("uri", sa.String(length=1000), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column(
            "metadata_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_media_assets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_assets")),
    )
    with op.batch_alter_table("media_assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_assets_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "render_complete",
                "publish_success",
                "publish_failed",
                "weekly_report_ready",
                "strategy_update",
                "approval_required",
                "job_failed",
                name="type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "payload_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("is_read", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "personas",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("slug", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "sentence_length",
            sa.Enum(
                "short",
                "medium",
                "long",
                name="sentence_length",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "energy_level",
            sa.Enum(
                "low",
                "medium",
                "high",
                name="energy_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "vocabulary_level",
            sa.Enum(
                "simple",
                "conversational",
                "expert",
                name="vocabulary_level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "voice_profile",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "traits_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_personas_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personas")),
        sa.UniqueConstraint("user_id", "slug", name=op.f("uq_personas_user_id_slug")),
    )
    with op.batch_alter_table("personas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_personas_user_id"), ["user_id"], unique=False)

    op.create_table(
        "platform_profiles",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("ideal_length", sa.Integer(), nullable=False),
        sa.Column("hook_window_seconds", sa.Float(), nullable=False),
        sa.Column("loop_weight", sa.Float(), nullable=False),
        sa.Column(
            "priority_metrics",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "rules", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_platform_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_profiles")),
        sa.UniqueConstraint(
            "user_id", "platform", name=op.f("uq_platform_profiles_user_id_platform")
        ),
    )
    with op.batch_alter_table("platform_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_platform_profiles_user_id"), ["user_id"], unique=False)

    op.create_table(
        "projects",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "objectives_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "paused",
                "completed",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_projects_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_user_roles_role_id_roles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_roles")),
        sa.UniqueConstraint("user_id", "role_id", name=op.f("uq_user_roles_user_id_role_id")),
    )
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_roles_role_id"), ["role_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_roles_user_id"), ["user_id"], unique=False)

    op.create_table(
        "voice_profiles",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column(
            "provider",
            sa.Enum(
                "elevenlabs",
                "resemble",
                "other",
                name="provider",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("voice_id_external_encrypted", sa.Text(), nullable=True),
        sa.Column("settings_encrypted", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_voice_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_profiles")),
    )
    with op.batch_alter_table("voice_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voice_profiles_user_id"), ["user_id"], unique=False)

    op.create_table(
        "weekly_reports",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("week_end", sa.Date(), nullable=False),
        sa.Column(
            "aggregate_metrics_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "top_posts", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("insights", sa.Text(), nullable=False),
        sa.Column("pdf_uri", sa.String(length=1000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_weekly_reports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_reports")),
    )
    with op.batch_alter_table("weekly_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_weekly_reports_user_id_week_start", ["user_id", "week_start"], unique=False
        )

    op.create_table(
        "agent_memories",
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("vector_db_uri", sa.String(length=1000), nullable=False),
        sa.Column(
            "index_stats_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "retention_policy_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_memories_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_agent_memories_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_memories")),
        sa.UniqueConstraint("agent_id", name=op.f("uq_agent_memories_agent_id")),
    )
    with op.batch_alter_table("agent_memories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_memories_user_id"), ["user_id"], unique=False)

    op.create_table(
        "agent_runs",
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "trigger_type",
            sa.Enum(
                "schedule_weekly",
                "manual",
                "trend_spike",
                "retry",
                "system",
                "schedule_daily",
                name="trigger_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "running",
                "interrupted",
                "completed",
                "failed",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("thread_id", sa.String(length=200), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "result",
            sa.Enum(
                "success",
                "partial_success",
                "error",
                name="result",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("log_uri", sa.String(length=1000), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "error_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_runs_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_agent_runs_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_agent_runs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_runs")),
    )
    with op.batch_alter_table("agent_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_runs_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agent_runs_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agent_runs_thread_id"), ["thread_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agent_runs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "ai_twins",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "style_preset",
            sa.Enum(
                "space",
                "goddess",
                "hyperreal",
                "corporate",
                "custom",
                name="style_preset",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("voice_profile_id", sa.Uuid(), nullable=True),
        sa.Column("persona_id", sa.Uuid(), nullable=True),
        sa.Column("config_encrypted", sa.Text(), nullable=False),
        sa.Column(
            "style_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("avatar_assets_folder", sa.String(length=1000), nullable=True),
        sa.Column(
            "status",
            sa.Enum("active", "archived", name="status", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["persona_id"],
            ["personas.id"],
            name=op.f("fk_ai_twins_persona_id_personas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_ai_twins_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["voice_profile_id"],
            ["voice_profiles.id"],
            name=op.f("fk_ai_twins_voice_profile_id_voice_profiles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_twins")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_ai_twins_user_id_name")),
    )
    with op.batch_alter_table("ai_twins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ai_twins_persona_id"), ["persona_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ai_twins_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ai_twins_voice_profile_id"), ["voice_profile_id"], unique=False
        )

    op.create_table(
        "campaigns",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "target_platforms",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "budget_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "running",
                "completed",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_campaigns_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_campaigns_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaigns_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaigns_user_id"), ["user_id"], unique=False)

    op.create_table(
        "content_calendars",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("strategy_summary", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_content_calendars_project_id_projects"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_content_calendars_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_calendars")),
    )
    with op.batch_alter_table("content_calendars", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_content_calendars_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_content_calendars_user_id"), ["user_id"], unique=False)

    op.create_table(
        "emotion_curve_runs",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("emotion_curve_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["emotion_curve_id"],
            ["emotion_curves.id"],
            name=op.f("fk_emotion_curve_runs_emotion_curve_id_emotion_curves"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_emotion_curve_runs_job_id_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_emotion_curve_runs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emotion_curve_runs")),
    )
    with op.batch_alter_table("emotion_curve_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_emotion_curve_runs_emotion_curve_id"), ["emotion_curve_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_emotion_curve_runs_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_emotion_curve_runs_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "execution_plans",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("persona_id", sa.Uuid(), nullable=True),
        sa.Column("emotion_curve_id", sa.Uuid(), nullable=True),
        sa.Column("hook_type", sa.String(length=50), nullable=False),
        sa.Column("retry_limit", sa.Integer(), nullable=False),
        sa.Column("current_retry", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "retrying",
                "completed",
                "failed",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "plan_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["emotion_curve_id"],
            ["emotion_curves.id"],
            name=op.f("fk_execution_plans_emotion_curve_id_emotion_curves"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_execution_plans_job_id_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["persona_id"],
            ["personas.id"],
            name=op.f("fk_execution_plans_persona_id_personas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_execution_plans_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_execution_plans")),
    )
    with op.batch_alter_table("execution_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_execution_plans_emotion_curve_id"), ["emotion_curve_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_execution_plans_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_execution_plans_persona_id"), ["persona_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_execution_plans_user_id"), ["user_id"], unique=False)

    op.create_table(
        "orchestrator_events",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "event_type",
            sa.Enum(
                "retry_triggered",
                "accepted",
                "plan_created",
                "persona_loaded",
                "story_written",
                "critic_scored",
                "best_effort_accepted",
                "media_rendered",
                "approval_requested",
                "approved",
                "rejected",
                "published",
                "failed",
                "resumed",
                name="event_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "metadata", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_orchestrator_events_job_id_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_orchestrator_events_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orchestrator_events")),
    )
    with op.batch_alter_table("orchestrator_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_orchestrator_events_job_id_created_at", ["job_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_orchestrator_events_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "persona_usage",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("persona_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_persona_usage_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["persona_id"],
            ["personas.id"],
            name=op.f("fk_persona_usage_persona_id_personas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_persona_usage_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persona_usage")),
    )
    with op.batch_alter_table("persona_usage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persona_usage_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_persona_usage_persona_id"), ["persona_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_persona_usage_user_id"), ["user_id"], unique=False)

    op.create_table(
        "social_accounts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("account_external_id", sa.String(length=200), nullable=True),
        sa.Column("is_connected", sa.Boolean(), nullable=False),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integration_keys.id"],
            name=op.f("fk_social_accounts_integration_id_integration_keys"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_social_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_accounts")),
        sa.UniqueConstraint("platform", "handle", name=op.f("uq_social_accounts_platform_handle")),
    )
    with op.batch_alter_table("social_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_social_accounts_account_external_id"),
            ["account_external_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_social_accounts_handle"), ["handle"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_social_accounts_integration_id"), ["integration_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_social_accounts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "stories",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("persona_id", sa.Uuid(), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column(
            "hashtags", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("total_duration", sa.Float(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_stories_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["persona_id"],
            ["personas.id"],
            name=op.f("fk_stories_persona_id_personas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_stories_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_persona_id"), ["persona_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_user_id"), ["user_id"], unique=False)

    op.create_table(
        "strategy_runs",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "strategy_output",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_strategy_runs_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_strategy_runs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_runs")),
    )
    with op.batch_alter_table("strategy_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_strategy_runs_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_strategy_runs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "strategy_updates",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("source_report_id", sa.Uuid(), nullable=True),
        sa.Column(
            "adjustments_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("effective_start_date", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_report_id"],
            ["weekly_reports.id"],
            name=op.f("fk_strategy_updates_source_report_id_weekly_reports"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_strategy_updates_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_updates")),
    )
    with op.batch_alter_table("strategy_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strategy_updates_source_report_id"), ["source_report_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_strategy_updates_user_id"), ["user_id"], unique=False)

    op.create_table(
        "videos",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("asset_id", sa.Uuid(), nullable=True),
        sa.Column("storage_url", sa.String(length=1000), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["media_assets.id"],
            name=op.f("fk_videos_asset_id_media_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_videos_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_videos_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_videos")),
    )
    with op.batch_alter_table("videos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_videos_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_videos_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_videos_user_id"), ["user_id"], unique=False)

    op.create_table(
        "creative_memory",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "hook",
                "persona",
                "emotion_curve",
                "topic",
                "caption",
                name="type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("reference_id", sa.String(length=100), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("persona_id", sa.Uuid(), nullable=True),
        sa.Column("ai_twin_id", sa.Uuid(), nullable=True),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("embedding_kind", sa.String(length=100), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column(
            "metadata", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("reuse_count", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ai_twin_id"],
            ["ai_twins.id"],
            name=op.f("fk_creative_memory_ai_twin_id_ai_twins"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["persona_id"],
            ["personas.id"],
            name=op.f("fk_creative_memory_persona_id_personas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_creative_memory_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creative_memory")),
    )
    with op.batch_alter_table("creative_memory", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_creative_memory_ai_twin_id"), ["ai_twin_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_creative_memory_persona_id"), ["persona_id"], unique=False
        )
        batch_op.create_index(
            "ix_creative_memory_user_id_type_score", ["user_id", "type", "score"], unique=False
        )

    op.create_table(
        "critic_scores",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("story_id", sa.Uuid(), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("total_score", sa.Float(), nullable=False),
        sa.Column("hook_score", sa.Float(), nullable=False),
        sa.Column("pacing_score", sa.Float(), nullable=False),
        sa.Column("loop_score", sa.Float(), nullable=False),
        sa.Column("structure_score", sa.Float(), nullable=False),
        sa.Column("persona_score", sa.Float(), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum("accept", "retry", name="verdict", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("is_best_effort", sa.Boolean(), nullable=False),
        sa.Column("judge", sa.String(length=100), nullable=False),
        sa.Column(
            "features_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_critic_scores_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_critic_scores_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_critic_scores_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_critic_scores")),
    )
    with op.batch_alter_table("critic_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_critic_scores_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_critic_scores_story_id"), ["story_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_critic_scores_user_id"), ["user_id"], unique=False)

    op.create_table(
        "error_logs",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "scope",
            sa.Enum(
                "planner",
                "media",
                "publisher",
                "analytics",
                "learning",
                "api_integration",
                "ui",
                "persona",
                "story",
                "critic",
                "orchestrator",
                "memory",
                "storage",
                name="scope",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "context_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("stack_trace", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "low",
                "medium",
                "high",
                "critical",
                name="severity",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_error_logs_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["agent_runs.id"],
            name=op.f("fk_error_logs_run_id_agent_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_error_logs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_error_logs")),
    )
    with op.batch_alter_table("error_logs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_error_logs_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_error_logs_occurred_at"), ["occurred_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_error_logs_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_error_logs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "event_logs",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column(
            "event_type",
            sa.Enum(
                "plan_created",
                "script_generated",
                "render_started",
                "render_succeeded",
                "publish_scheduled",
                "publish_succeeded",
                "analytics_collected",
                "strategy_adjusted",
                "error",
                "run_started",
                "run_finished",
                "story_written",
                "critic_scored",
                "render_failed",
                "approval_requested",
                "reel_approved",
                "reel_rejected",
                "publish_failed",
                "report_generated",
                "memory_updated",
                name="event_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "subject_type",
            sa.Enum(
                "calendar",
                "script",
                "render",
                "reel",
                "post",
                "report",
                "strategy",
                "system",
                "job",
                "story",
                "memory",
                name="subject_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.String(length=100), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "meta_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_event_logs_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["agent_runs.id"],
            name=op.f("fk_event_logs_run_id_agent_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_event_logs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_logs")),
    )
    with op.batch_alter_table("event_logs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_logs_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_logs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_logs_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_logs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "scripts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("story_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column(
            "tone",
            sa.Enum(
                "educational",
                "trending",
                "thought_leadership",
                "inspirational",
                name="tone",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("tags", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column(
            "platform_targets",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "approved",
                "rejected",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "edit_history_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_scripts_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_scripts_story_id_stories"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_scripts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scripts")),
    )
    with op.batch_alter_table("scripts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scripts_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scripts_story_id"), ["story_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scripts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "story_scenes",
        sa.Column("story_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_sec", sa.Float(), nullable=False),
        sa.Column("end_sec", sa.Float(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "hook",
                "escalate",
                "twist",
                "loop",
                name="purpose",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("narration_text", sa.Text(), nullable=False),
        sa.Column("visual_prompt", sa.Text(), nullable=False),
        sa.Column("on_screen_text", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("end_sec > start_sec", name=op.f("ck_story_scenes_end_after_start")),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_scenes_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_story_scenes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_scenes")),
        sa.UniqueConstraint("story_id", "position", name=op.f("uq_story_scenes_story_id_position")),
    )
    with op.batch_alter_table("story_scenes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_scenes_story_id"), ["story_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_scenes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audio_tracks",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("script_id", sa.Uuid(), nullable=True),
        sa.Column("asset_id", sa.Uuid(), nullable=True),
        sa.Column("voice_profile_id", sa.Uuid(), nullable=True),
        sa.Column("storage_url", sa.String(length=1000), nullable=False),
        sa.Column("voice_id", sa.String(length=50), nullable=False),
        sa.Column("duration_sec", sa.Float(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["media_assets.id"],
            name=op.f("fk_audio_tracks_asset_id_media_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["script_id"],
            ["scripts.id"],
            name=op.f("fk_audio_tracks_script_id_scripts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audio_tracks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["voice_profile_id"],
            ["voice_profiles.id"],
            name=op.f("fk_audio_tracks_voice_profile_id_voice_profiles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audio_tracks")),
    )
    with op.batch_alter_table("audio_tracks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audio_tracks_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audio_tracks_script_id"), ["script_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audio_tracks_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audio_tracks_voice_profile_id"), ["voice_profile_id"], unique=False
        )

    op.create_table(
        "calendar_items",
        sa.Column("calendar_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("planned_date", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "planned_platforms",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "content_pillar",
            sa.Enum(
                "education",
                "inspiration",
                "announcement",
                "promotion",
                "trend_reaction",
                name="content_pillar",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("ai_twin_id", sa.Uuid(), nullable=True),
        sa.Column("script_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "render_ready",
                "published",
                "skipped",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ai_twin_id"],
            ["ai_twins.id"],
            name=op.f("fk_calendar_items_ai_twin_id_ai_twins"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["content_calendars.id"],
            name=op.f("fk_calendar_items_calendar_id_content_calendars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_calendar_items_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_calendar_items_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["script_id"],
            ["scripts.id"],
            name=op.f("fk_calendar_items_script_id_scripts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_items_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_items")),
    )
    with op.batch_alter_table("calendar_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_items_ai_twin_id"), ["ai_twin_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calendar_items_calendar_id"), ["calendar_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calendar_items_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_calendar_items_job_id"), ["job_id"], unique=False)
        batch_op.create_index("ix_calendar_items_planned_date", ["planned_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_calendar_items_script_id"), ["script_id"], unique=False
        )
        batch_op.create_index(
            "ix_calendar_items_user_id_planned_date", ["user_id", "planned_date"], unique=False
        )

    op.create_table(
        "critic_feedback",
        sa.Column("critic_score_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "feedback", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["critic_score_id"],
            ["critic_scores.id"],
            name=op.f("fk_critic_feedback_critic_score_id_critic_scores"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_critic_feedback_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_critic_feedback")),
    )
    with op.batch_alter_table("critic_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_critic_feedback_critic_score_id"), ["critic_score_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_critic_feedback_user_id"), ["user_id"], unique=False)

    op.create_table(
        "images",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("scene_id", sa.Uuid(), nullable=True),
        sa.Column("asset_id", sa.Uuid(), nullable=True),
        sa.Column("storage_url", sa.String(length=1000), nullable=False),
        sa.Column("style", sa.String(length=50), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["media_assets.id"],
            name=op.f("fk_images_asset_id_media_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"],
            ["story_scenes.id"],
            name=op.f("fk_images_scene_id_story_scenes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_images_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
    )
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_images_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_images_scene_id"), ["scene_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_images_user_id"), ["user_id"], unique=False)

    op.create_table(
        "memory_usage",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("memory_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_memory_usage_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["memory_id"],
            ["creative_memory.id"],
            name=op.f("fk_memory_usage_memory_id_creative_memory"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_memory_usage_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory_usage")),
    )
    with op.batch_alter_table("memory_usage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memory_usage_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memory_usage_memory_id"), ["memory_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memory_usage_user_id"), ["user_id"], unique=False)

    op.create_table(
        "render_jobs",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("ai_twin_id", sa.Uuid(), nullable=True),
        sa.Column("script_id", sa.Uuid(), nullable=True),
        sa.Column(
            "input_assets", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("tts_voice_profile_id", sa.Uuid(), nullable=True),
        sa.Column(
            "target_aspect",
            sa.Enum(
                "9_16",
                "1_1",
                "4_5",
                name="target_aspect",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("target_duration_sec", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "processing",
                "succeeded",
                "failed",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("progress_pct", sa.Float(), nullable=False),
        sa.Column("output_asset_id", sa.Uuid(), nullable=True),
        sa.Column(
            "error_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "progress_pct >= 0 AND progress_pct <= 100", name=op.f("ck_render_jobs_progress_range")
        ),
        sa.CheckConstraint(
            "target_duration_sec > 0 AND target_duration_sec <= 30",
            name=op.f("ck_render_jobs_target_duration_range"),
        ),
        sa.ForeignKeyConstraint(
            ["ai_twin_id"],
            ["ai_twins.id"],
            name=op.f("fk_render_jobs_ai_twin_id_ai_twins"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_render_jobs_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["output_asset_id"],
            ["media_assets.id"],
            name=op.f("fk_render_jobs_output_asset_id_media_assets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["script_id"],
            ["scripts.id"],
            name=op.f("fk_render_jobs_script_id_scripts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tts_voice_profile_id"],
            ["voice_profiles.id"],
            name=op.f("fk_render_jobs_tts_voice_profile_id_voice_profiles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_render_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_render_jobs")),
    )
    with op.batch_alter_table("render_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_render_jobs_ai_twin_id"), ["ai_twin_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_render_jobs_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_render_jobs_output_asset_id"), ["output_asset_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_render_jobs_script_id"), ["script_id"], unique=False)
        batch_op.create_index(
            "ix_render_jobs_status_created_at", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_render_jobs_tts_voice_profile_id"),
            ["tts_voice_profile_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_render_jobs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "video_reels",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("render_id", sa.Uuid(), nullable=True),
        sa.Column("story_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("caption_text", sa.Text(), nullable=False),
        sa.Column(
            "hashtags", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("length_sec", sa.Float(), nullable=False),
        sa.Column(
            "aspect_ratio",
            sa.Enum(
                "9_16", "1_1", "4_5", name="aspect_ratio", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("quality_score", sa.Float(), nullable=True),
        sa.Column("storage_uri", sa.String(length=1000), nullable=False),
        sa.Column("thumbnail_asset_id", sa.Uuid(), nullable=True),
        sa.Column(
            "approval_status",
            sa.Enum(
                "pending_review",
                "auto_approved",
                "creator_approved",
                "rejected",
                name="approval_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_video_reels_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["render_id"],
            ["render_jobs.id"],
            name=op.f("fk_video_reels_render_id_render_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_video_reels_story_id_stories"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thumbnail_asset_id"],
            ["media_assets.id"],
            name=op.f("fk_video_reels_thumbnail_asset_id_media_assets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_video_reels_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_reels")),
    )
    with op.batch_alter_table("video_reels", schema=None) as batch_op:
        batch_op.create_index(
            "ix_video_reels_approval_status_created_at",
            ["approval_status", "created_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_video_reels_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_video_reels_render_id"), ["render_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_video_reels_story_id"), ["story_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_video_reels_thumbnail_asset_id"), ["thumbnail_asset_id"], unique=False
        )
        batch_op.create_index(
            "ix_video_reels_user_id_approval_status_created_at",
            ["user_id", "approval_status", "created_at"],
            unique=False,
        )

    op.create_table(
        "posts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("reel_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("scheduled_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "publish_status",
            sa.Enum(
                "draft",
                "scheduled",
                "publishing",
                "published",
                "failed",
                "cancelled",
                name="publish_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("platform_post_id", sa.String(length=200), nullable=True),
        sa.Column("permalink", sa.String(length=1000), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column(
            "platform_session_json",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "error_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["social_accounts.id"],
            name=op.f("fk_posts_account_id_social_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reel_id"],
            ["video_reels.id"],
            name=op.f("fk_posts_reel_id_video_reels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_posts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_posts_idempotency_key")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_account_id"), ["account_id"], unique=False)
        batch_op.create_index("ix_posts_platform_post_id", ["platform_post_id"], unique=False)
        batch_op.create_index(
            "ix_posts_publish_status_scheduled_time",
            ["publish_status", "scheduled_time"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_posts_reel_id"), ["reel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "analytics_snapshots",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum(
                "instagram",
                "facebook",
                "threads",
                "linkedin",
                "tiktok",
                "youtube_shorts",
                "fanbase",
                "spill",
                name="platform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "metrics_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("is_simulated", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_analytics_snapshots_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_analytics_snapshots_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_snapshots")),
    )
    with op.batch_alter_table("analytics_snapshots", schema=None) as batch_op:
        batch_op.create_index("ix_analytics_snapshots_captured_at", ["captured_at"], unique=False)
        batch_op.create_index(
            "ix_analytics_snapshots_post_id_captured_at", ["post_id", "captured_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_analytics_snapshots_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "publisher_tasks",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "in_progress",
                "succeeded",
                "failed",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("worker_node", sa.String(length=200), nullable=True),
        sa.Column(
            "response_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column(
            "error_json", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_publisher_tasks_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_publisher_tasks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publisher_tasks")),
    )
    with op.batch_alter_table("publisher_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publisher_tasks_post_id"), ["post_id"], unique=False)
        batch_op.create_index(
            "ix_publisher_tasks_status_next_attempt_at", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_publisher_tasks_user_id"), ["user_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for name, table, column in GIN_INDEXES:
            op.create_index(name, table, [column], unique=False, postgresql_using="gin")


def downgrade() -> None:
    with op.batch_alter_table("publisher_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publisher_tasks_user_id"))
        batch_op.drop_index("ix_publisher_tasks_status_next_attempt_at")
        batch_op.drop_index(batch_op.f("ix_publisher_tasks_post_id"))

    op.drop_table("publisher_tasks")
    with op.batch_alter_table("analytics_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analytics_snapshots_user_id"))
        batch_op.drop_index("ix_analytics_snapshots_post_id_captured_at")
        batch_op.drop_index("ix_analytics_snapshots_captured_at")

    op.drop_table("analytics_snapshots")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_user_id"))
        batch_op.drop_index(batch_op.f("ix_posts_reel_id"))
        batch_op.drop_index("ix_posts_publish_status_scheduled_time")
        batch_op.drop_index("ix_posts_platform_post_id")
        batch_op.drop_index(batch_op.f("ix_posts_account_id"))

    op.drop_table("posts")
    with op.batch_alter_table("video_reels", schema=None) as batch_op:
        batch_op.drop_index("ix_video_reels_user_id_approval_status_created_at")
        batch_op.drop_index(batch_op.f("ix_video_reels_thumbnail_asset_id"))
        batch_op.drop_index(batch_op.f("ix_video_reels_story_id"))
        batch_op.drop_index(batch_op.f("ix_video_reels_render_id"))
        batch_op.drop_index(batch_op.f("ix_video_reels_job_id"))
        batch_op.drop_index("ix_video_reels_approval_status_created_at")

    op.drop_table("video_reels")
    with op.batch_alter_table("render_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_render_jobs_user_id"))
        batch_op.drop_index(batch_op.f("ix_render_jobs_tts_voice_profile_id"))
        batch_op.drop_index("ix_render_jobs_status_created_at")
        batch_op.drop_index(batch_op.f("ix_render_jobs_script_id"))
        batch_op.drop_index(batch_op.f("ix_render_jobs_output_asset_id"))
        batch_op.drop_index(batch_op.f("ix_render_jobs_job_id"))
        batch_op.drop_index(batch_op.f("ix_render_jobs_ai_twin_id"))

    op.drop_table("render_jobs")
    with op.batch_alter_table("memory_usage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memory_usage_user_id"))
        batch_op.drop_index(batch_op.f("ix_memory_usage_memory_id"))
        batch_op.drop_index(batch_op.f("ix_memory_usage_job_id"))

    op.drop_table("memory_usage")
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_images_user_id"))
        batch_op.drop_index(batch_op.f("ix_images_scene_id"))
        batch_op.drop_index(batch_op.f("ix_images_asset_id"))

    op.drop_table("images")
    with op.batch_alter_table("critic_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_critic_feedback_user_id"))
        batch_op.drop_index(batch_op.f("ix_critic_feedback_critic_score_id"))

    op.drop_table("critic_feedback")
    with op.batch_alter_table("calendar_items", schema=None) as batch_op:
        batch_op.drop_index("ix_calendar_items_user_id_planned_date")
        batch_op.drop_index(batch_op.f("ix_calendar_items_script_id"))
        batch_op.drop_index("ix_calendar_items_planned_date")
        batch_op.drop_index(batch_op.f("ix_calendar_items_job_id"))
        batch_op.drop_index(batch_op.f("ix_calendar_items_campaign_id"))
        batch_op.drop_index(batch_op.f("ix_calendar_items_calendar_id"))
        batch_op.drop_index(batch_op.f("ix_calendar_items_ai_twin_id"))

    op.drop_table("calendar_items")
    with op.batch_alter_table("audio_tracks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audio_tracks_voice_profile_id"))
        batch_op.drop_index(batch_op.f("ix_audio_tracks_user_id"))
        batch_op.drop_index(batch_op.f("ix_audio_tracks_script_id"))
        batch_op.drop_index(batch_op.f("ix_audio_tracks_asset_id"))

    op.drop_table("audio_tracks")
    with op.batch_alter_table("story_scenes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_scenes_user_id"))
        batch_op.drop_index(batch_op.f("ix_story_scenes_story_id"))

    op.drop_table("story_scenes")
    with op.batch_alter_table("scripts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scripts_user_id"))
        batch_op.drop_index(batch_op.f("ix_scripts_story_id"))
        batch_op.drop_index(batch_op.f("ix_scripts_campaign_id"))

    op.drop_table("scripts")
    with op.batch_alter_table("event_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_logs_user_id"))
        batch_op.drop_index(batch_op.f("ix_event_logs_run_id"))
        batch_op.drop_index(batch_op.f("ix_event_logs_created_at"))
        batch_op.drop_index(batch_op.f("ix_event_logs_agent_id"))

    op.drop_table("event_logs")
    with op.batch_alter_table("error_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_error_logs_user_id"))
        batch_op.drop_index(batch_op.f("ix_error_logs_run_id"))
        batch_op.drop_index(batch_op.f("ix_error_logs_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_error_logs_job_id"))

    op.drop_table("error_logs")
    with op.batch_alter_table("critic_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_critic_scores_user_id"))
        batch_op.drop_index(batch_op.f("ix_critic_scores_story_id"))
        batch_op.drop_index(batch_op.f("ix_critic_scores_job_id"))

    op.drop_table("critic_scores")
    with op.batch_alter_table("creative_memory", schema=None) as batch_op:
        batch_op.drop_index("ix_creative_memory_user_id_type_score")
        batch_op.drop_index(batch_op.f("ix_creative_memory_persona_id"))
        batch_op.drop_index(batch_op.f("ix_creative_memory_ai_twin_id"))

    op.drop_table("creative_memory")
    with op.batch_alter_table("videos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_videos_user_id"))
        batch_op.drop_index(batch_op.f("ix_videos_job_id"))
        batch_op.drop_index(batch_op.f("ix_videos_asset_id"))

    op.drop_table("videos")
    with op.batch_alter_table("strategy_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strategy_updates_user_id"))
        batch_op.drop_index(batch_op.f("ix_strategy_updates_source_report_id"))

    op.drop_table("strategy_updates")
    with op.batch_alter_table("strategy_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strategy_runs_user_id"))
        batch_op.drop_index(batch_op.f("ix_strategy_runs_job_id"))

    op.drop_table("strategy_runs")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_user_id"))
        batch_op.drop_index(batch_op.f("ix_stories_persona_id"))
        batch_op.drop_index(batch_op.f("ix_stories_job_id"))

    op.drop_table("stories")
    with op.batch_alter_table("social_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_social_accounts_user_id"))
        batch_op.drop_index(batch_op.f("ix_social_accounts_integration_id"))
        batch_op.drop_index(batch_op.f("ix_social_accounts_handle"))
        batch_op.drop_index(batch_op.f("ix_social_accounts_account_external_id"))

    op.drop_table("social_accounts")
    with op.batch_alter_table("persona_usage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persona_usage_user_id"))
        batch_op.drop_index(batch_op.f("ix_persona_usage_persona_id"))
        batch_op.drop_index(batch_op.f("ix_persona_usage_job_id"))

    op.drop_table("persona_usage")
    with op.batch_alter_table("orchestrator_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orchestrator_events_user_id"))
        batch_op.drop_index("ix_orchestrator_events_job_id_created_at")

    op.drop_table("orchestrator_events")
    with op.batch_alter_table("execution_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_execution_plans_user_id"))
        batch_op.drop_index(batch_op.f("ix_execution_plans_persona_id"))
        batch_op.drop_index(batch_op.f("ix_execution_plans_job_id"))
        batch_op.drop_index(batch_op.f("ix_execution_plans_emotion_curve_id"))

    op.drop_table("execution_plans")
    with op.batch_alter_table("emotion_curve_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emotion_curve_runs_user_id"))
        batch_op.drop_index(batch_op.f("ix_emotion_curve_runs_job_id"))
        batch_op.drop_index(batch_op.f("ix_emotion_curve_runs_emotion_curve_id"))

    op.drop_table("emotion_curve_runs")
    with op.batch_alter_table("content_calendars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_calendars_user_id"))
        batch_op.drop_index(batch_op.f("ix_content_calendars_project_id"))

    op.drop_table("content_calendars")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_user_id"))
        batch_op.drop_index(batch_op.f("ix_campaigns_project_id"))

    op.drop_table("campaigns")
    with op.batch_alter_table("ai_twins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ai_twins_voice_profile_id"))
        batch_op.drop_index(batch_op.f("ix_ai_twins_user_id"))
        batch_op.drop_index(batch_op.f("ix_ai_twins_persona_id"))

    op.drop_table("ai_twins")
    with op.batch_alter_table("agent_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_runs_user_id"))
        batch_op.drop_index(batch_op.f("ix_agent_runs_thread_id"))
        batch_op.drop_index(batch_op.f("ix_agent_runs_job_id"))
        batch_op.drop_index(batch_op.f("ix_agent_runs_agent_id"))

    op.drop_table("agent_runs")
    with op.batch_alter_table("agent_memories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_memories_user_id"))

    op.drop_table("agent_memories")
    with op.batch_alter_table("weekly_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_weekly_reports_user_id_week_start")

    op.drop_table("weekly_reports")
    with op.batch_alter_table("voice_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voice_profiles_user_id"))

    op.drop_table("voice_profiles")
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_roles_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_roles_role_id"))

    op.drop_table("user_roles")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_user_id"))

    op.drop_table("projects")
    with op.batch_alter_table("platform_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_platform_profiles_user_id"))

    op.drop_table("platform_profiles")
    with op.batch_alter_table("personas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personas_user_id"))

    op.drop_table("personas")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_user_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("media_assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_assets_user_id"))

    op.drop_table("media_assets")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_user_id"))
        batch_op.drop_index("ix_jobs_status_created_at")

    op.drop_table("jobs")
    with op.batch_alter_table("integration_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_integration_keys_user_id"))

    op.drop_table("integration_keys")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_user_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("emotion_curves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emotion_curves_user_id"))

    op.drop_table("emotion_curves")
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_records_user_id"))

    op.drop_table("consent_records")
    with op.batch_alter_table("audience_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_profiles_user_id"))

    op.drop_table("audience_profiles")
    with op.batch_alter_table("app_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_sessions_user_id"))

    op.drop_table("app_sessions")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agents_user_id"))

    op.drop_table("agents")
    op.drop_table("users")
    with op.batch_alter_table("trend_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trend_signals_topic"))
        batch_op.drop_index(batch_op.f("ix_trend_signals_collected_at"))

    op.drop_table("trend_signals")
    op.drop_table("roles")
    op.drop_table("reference_data_versions")
