"""Every model in one namespace (``from storage.models import Post``).

Importing this module registers all tables on ``Base.metadata``, which Alembic and
``create_all`` need; the per-service modules stay the place each model is defined.
"""

from __future__ import annotations

from storage.analytics import AnalyticsSnapshot, Feedback, StrategyUpdate, WeeklyReport
from storage.api_keys import ApiKey
from storage.base import Base
from storage.conversations import Conversation, ConversationMessage
from storage.creative import (
    AiTwin,
    CriticFeedback,
    CriticScore,
    EmotionCurve,
    EmotionCurveRun,
    Persona,
    PersonaUsage,
    Script,
    Story,
    StoryScene,
    VoiceProfile,
)
from storage.identity import (
    Agent,
    AppSession,
    ConsentRecord,
    IntegrationKey,
    Notification,
    Role,
    SocialAccount,
    User,
    UserRole,
)
from storage.media import AudioTrack, Image, MediaAsset, RenderJob, Video, VideoReel
from storage.memory import AgentMemory, CreativeMemory, MemoryUsage
from storage.orchestration import (
    AgentRun,
    ErrorLog,
    EventLog,
    ExecutionPlan,
    Job,
    OrchestratorEvent,
)
from storage.planning import (
    AudienceProfile,
    CalendarItem,
    Campaign,
    ContentCalendar,
    PlatformProfile,
    Project,
    StrategyRun,
    TrendSignal,
)
from storage.publishing import Post, PublisherTask
from storage.system import ReferenceDataVersion

__all__ = [
    "Agent",
    "AgentMemory",
    "AgentRun",
    "AiTwin",
    "AnalyticsSnapshot",
    "ApiKey",
    "AppSession",
    "AudienceProfile",
    "AudioTrack",
    "Base",
    "CalendarItem",
    "Campaign",
    "ConsentRecord",
    "ContentCalendar",
    "Conversation",
    "ConversationMessage",
    "CreativeMemory",
    "CriticFeedback",
    "CriticScore",
    "EmotionCurve",
    "EmotionCurveRun",
    "ErrorLog",
    "EventLog",
    "ExecutionPlan",
    "Feedback",
    "Image",
    "IntegrationKey",
    "Job",
    "MediaAsset",
    "MemoryUsage",
    "Notification",
    "OrchestratorEvent",
    "Persona",
    "PersonaUsage",
    "PlatformProfile",
    "Post",
    "Project",
    "PublisherTask",
    "ReferenceDataVersion",
    "RenderJob",
    "Role",
    "Script",
    "SocialAccount",
    "Story",
    "StoryScene",
    "StrategyRun",
    "StrategyUpdate",
    "TrendSignal",
    "User",
    "UserRole",
    "Video",
    "VideoReel",
    "VoiceProfile",
    "WeeklyReport",
]
