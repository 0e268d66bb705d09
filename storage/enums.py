"""Every enumerated value of both seeds, as ``StrEnum``s stored as checked strings.

Seed 000 §10 gives the shared enums (platforms, pillars, agent state, aspect ratios); every other
enum is a per-table one from seed 000 §§1–9 or from a seed-004 comment (``-- queued, running…``).
Values added beyond the seeds are marked "added:" with the reason; docs/schema.md lists them too.
"""

from __future__ import annotations

from enum import StrEnum

# --- seed 000 §10: key enums -------------------------------------------------------------------


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    THREADS = "threads"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"
    YOUTUBE_SHORTS = "youtube_shorts"
    FANBASE = "fanbase"
    SPILL = "spill"


class ContentPillar(StrEnum):
    EDUCATION = "education"
    INSPIRATION = "inspiration"
    ANNOUNCEMENT = "announcement"
    PROMOTION = "promotion"
    TREND_REACTION = "trend_reaction"


class AgentState(StrEnum):
    IDLE = "idle"
    PLANNING = "planning"
    CREATING = "creating"
    PUBLISHING = "publishing"
    ANALYZING = "analyzing"
    ADAPTING = "adapting"
    ERROR = "error"


class AspectRatio(StrEnum):
    VERTICAL_9_16 = "9_16"
    SQUARE_1_1 = "1_1"
    PORTRAIT_4_5 = "4_5"


# --- seed 000 §1 identity ----------------------------------------------------------------------


class RoleName(StrEnum):
    """User.role and Role.name."""

    CREATOR = "creator"
    ADMIN = "admin"


class UserStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class IntegrationStatus(StrEnum):
    CONNECTED = "connected"
    REVOKED = "revoked"
    EXPIRED = "expired"


# --- seed 000 §2 planning ----------------------------------------------------------------------


class ProjectStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"


class CampaignStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class CalendarItemStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    RENDER_READY = "render_ready"
    PUBLISHED = "published"
    SKIPPED = "skipped"


class TrendSource(StrEnum):
    GOOGLE_TRENDS = "google_trends"
    PLATFORM_TRENDING = "platform_trending"
    HASHTAG_FEED = "hashtag_feed"
    NEWS = "news"
    RSS = "rss"  # added: DESIGN.md's real trend source is RSS/Atom feeds
    SEED_LIST = "seed_list"  # added: the bundled offline trend list


# --- seed 000 §3 script & creative assets -------------------------------------------------------


class Tone(StrEnum):
    EDUCATIONAL = "educational"
    TRENDING = "trending"
    THOUGHT_LEADERSHIP = "thought_leadership"
    INSPIRATIONAL = "inspirational"


class ScriptStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"


class StylePreset(StrEnum):
    SPACE = "space"
    GODDESS = "goddess"
    HYPERREAL = "hyperreal"
    CORPORATE = "corporate"
    CUSTOM = "custom"


class TwinStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class VoiceProvider(StrEnum):
    ELEVENLABS = "elevenlabs"
    RESEMBLE = "resemble"
    OTHER = "other"  # the offline espeak-ng voice uses this, with settings {"engine": "espeak-ng"}


class MediaAssetType(StrEnum):
    RAW_VIDEO = "raw_video"
    RAW_PHOTO = "raw_photo"
    AUDIO = "audio"
    OVERLAY = "overlay"
    CAPTION_FILE = "caption_file"
    THUMBNAIL = "thumbnail"
    BRAND_PACK = "brand_pack"
    RENDERED_VIDEO = "rendered_video"  # added: RenderJob.output_asset_id needs a type for the mp4
    SCENE_IMAGE = "scene_image"  # added: generated per-scene visuals (images table)
    VOICEOVER = "voiceover"  # added: synthesized narration (audio_tracks table)


# --- seed 000 §4 rendering -----------------------------------------------------------------------


class RenderStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ApprovalStatus(StrEnum):
    PENDING_REVIEW = "pending_review"  # added: the review queue needs "not yet decided"
    AUTO_APPROVED = "auto_approved"
    CREATOR_APPROVED = "creator_approved"
    REJECTED = "rejected"


# --- seed 000 §5 publishing ----------------------------------------------------------------------


class PublishStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELLED = "cancelled"  # added: a rejected reel's scheduled posts are cancelled, not failed


class PublisherTaskStatus(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


# --- seed 000 §6 analytics & learning ------------------------------------------------------------


class FeedbackSubject(StrEnum):
    SCRIPT = "script"
    REEL = "reel"
    POST = "post"
    AGENT = "agent"


# --- seed 000 §7 interaction layer ----------------------------------------------------------------


class DeviceType(StrEnum):
    IOS = "ios"
    ANDROID = "android"
    WEB = "web"
    CLI = "cli"  # added: the Typer CLI is an entry point too


class AppSessionStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class NotificationType(StrEnum):
    RENDER_COMPLETE = "render_complete"
    PUBLISH_SUCCESS = "publish_success"
    PUBLISH_FAILED = "publish_failed"
    WEEKLY_REPORT_READY = "weekly_report_ready"
    STRATEGY_UPDATE = "strategy_update"
    APPROVAL_REQUIRED = "approval_required"  # added: the approval gate asks the creator
    JOB_FAILED = "job_failed"  # added: a job that ends in failure tells its owner


# --- seed 000 §8 orchestration & audit ------------------------------------------------------


class TriggerType(StrEnum):
    SCHEDULE_WEEKLY = "schedule_weekly"
    MANUAL = "manual"
    TREND_SPIKE = "trend_spike"
    RETRY = "retry"
    SYSTEM = "system"
    SCHEDULE_DAILY = "schedule_daily"  # added: daily production of due calendar items


class RunResult(StrEnum):
    SUCCESS = "success"
    PARTIAL_SUCCESS = "partial_success"
    ERROR = "error"


class AgentRunStatus(StrEnum):
    """added: AgentRun.status (the brief's run lifecycle; seed has only the final result)."""

    RUNNING = "running"
    INTERRUPTED = "interrupted"
    COMPLETED = "completed"
    FAILED = "failed"


class EventType(StrEnum):
    PLAN_CREATED = "plan_created"
    SCRIPT_GENERATED = "script_generated"
    RENDER_STARTED = "render_started"
    RENDER_SUCCEEDED = "render_succeeded"
    PUBLISH_SCHEDULED = "publish_scheduled"
    PUBLISH_SUCCEEDED = "publish_succeeded"
    ANALYTICS_COLLECTED = "analytics_collected"
    STRATEGY_ADJUSTED = "strategy_adjusted"
    ERROR = "error"
    # added: the remaining steps of the production/learning graphs
    RUN_STARTED = "run_started"
    RUN_FINISHED = "run_finished"
    STORY_WRITTEN = "story_written"
    CRITIC_SCORED = "critic_scored"
    RENDER_FAILED = "render_failed"
    APPROVAL_REQUESTED = "approval_requested"
    REEL_APPROVED = "reel_approved"
    REEL_REJECTED = "reel_rejected"
    PUBLISH_FAILED = "publish_failed"
    REPORT_GENERATED = "report_generated"
    MEMORY_UPDATED = "memory_updated"


class EventSubject(StrEnum):
    CALENDAR = "calendar"
    SCRIPT = "script"
    RENDER = "render"
    REEL = "reel"
    POST = "post"
    REPORT = "report"
    STRATEGY = "strategy"
    SYSTEM = "system"
    JOB = "job"  # added
    STORY = "story"  # added
    MEMORY = "memory"  # added


class ErrorScope(StrEnum):
    PLANNER = "planner"
    MEDIA = "media"
    PUBLISHER = "publisher"
    ANALYTICS = "analytics"
    LEARNING = "learning"
    API_INTEGRATION = "api_integration"
    UI = "ui"
    # added: the other agents and stages of the graph
    PERSONA = "persona"
    STORY = "story"
    CRITIC = "critic"
    ORCHESTRATOR = "orchestrator"
    MEMORY = "memory"
    STORAGE = "storage"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


# --- seed 000 §9 governance --------------------------------------------------------------------


class ConsentType(StrEnum):
    LIKENESS_MODELING = "likeness_modeling"
    VOICE_CLONING = "voice_cloning"
    DATA_PROCESSING = "data_processing"
    API_PUBLISHING = "api_publishing"


# --- seed 004 per-table enums --------------------------------------------------------------------


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    AWAITING_APPROVAL = "awaiting_approval"  # added: paused at the approval interrupt
    CANCELLED = "cancelled"  # added


class JobKind(StrEnum):
    """added: what a job asks for (seed 004 keeps it inside request_payload)."""

    PRODUCE_REEL = "produce_reel"
    PLAN_WEEK = "plan_week"
    PRODUCE_DUE_ITEMS = "produce_due_items"
    PUBLISH_POST = "publish_post"
    COLLECT_ANALYTICS = "collect_analytics"
    WEEKLY_REPORT = "weekly_report"
    ADAPT_STRATEGY = "adapt_strategy"
    TREND_SPIKE = "trend_spike"
    COMPACT_MEMORY = "compact_memory"


class ExecutionPlanStatus(StrEnum):
    ACTIVE = "active"
    RETRYING = "retrying"
    COMPLETED = "completed"
    FAILED = "failed"  # added: retries exhausted without a best-effort result


class OrchestratorEventType(StrEnum):
    RETRY_TRIGGERED = "retry_triggered"
    ACCEPTED = "accepted"
    # added: the other transitions of the production graph worth debugging
    PLAN_CREATED = "plan_created"
    PERSONA_LOADED = "persona_loaded"
    STORY_WRITTEN = "story_written"
    CRITIC_SCORED = "critic_scored"
    BEST_EFFORT_ACCEPTED = "best_effort_accepted"
    MEDIA_RENDERED = "media_rendered"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    PUBLISHED = "published"
    FAILED = "failed"
    RESUMED = "resumed"


class VisualEnergy(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class SentenceLength(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class EnergyLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class VocabularyLevel(StrEnum):
    SIMPLE = "simple"
    CONVERSATIONAL = "conversational"
    EXPERT = "expert"


class ScenePurpose(StrEnum):
    HOOK = "hook"
    ESCALATE = "escalate"
    TWIST = "twist"
    LOOP = "loop"


class Verdict(StrEnum):
    ACCEPT = "accept"
    RETRY = "retry"


class MemoryType(StrEnum):
    HOOK = "hook"
    PERSONA = "persona"
    EMOTION_CURVE = "emotion_curve"
    TOPIC = "topic"  # added: DESIGN.md's memory holds topics too
    CAPTION = "caption"  # added
