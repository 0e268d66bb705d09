"""Creators' resources: personas, twins, voices, media, calendars, scripts, reels, posts,
reports, notifications, feedback, social accounts, consent and API keys."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, WithJsonSchema

from api.http.schemas.base import (
    Lax,
    LaxDatetime,
    LaxUUID,
    RequestModel,
    ResponseModel,
    WholeNumber,
)
from storage.enums import (
    CalendarItemStatus,
    ConsentType,
    EnergyLevel,
    Platform,
    SentenceLength,
    TwinStatus,
    VocabularyLevel,
)


class PersonaOut(ResponseModel):
    id: uuid.UUID
    slug: str
    name: str
    sentence_length: str
    energy_level: str
    vocabulary_level: str
    traits: dict[str, Any] = Field(validation_alias="traits_json")
    shared: bool = Field(description="A preset visible to every creator (read-only).")


class PersonaCreate(RequestModel):
    slug: str = Field(
        min_length=1, max_length=50, pattern=r"^[a-z0-9][a-z0-9_-]*$", examples=["calm-coach"]
    )
    name: str = Field(min_length=1, max_length=100, examples=["Calm Coach"])
    sentence_length: Annotated[SentenceLength, Lax]
    energy_level: Annotated[EnergyLevel, Lax]
    vocabulary_level: Annotated[VocabularyLevel, Lax]
    traits: dict[str, str | list[str]] = Field(default_factory=dict, max_length=30)


class TwinOut(ResponseModel):
    id: uuid.UUID
    name: str
    style_preset: str
    persona_id: uuid.UUID | None
    voice_profile_id: uuid.UUID | None
    status: str
    style: dict[str, Any] = Field(validation_alias="style_json")
    shared: bool


class TwinUpdate(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    status: Annotated[TwinStatus, Lax] | None = None


class VoiceProfileOut(ResponseModel):
    id: uuid.UUID
    name: str
    provider: str
    shared: bool
    has_cloned_voice: bool = Field(description="An external (cloned) voice id is stored.")


class MediaAssetOut(ResponseModel):
    id: uuid.UUID
    type: str
    duration_ms: int | None
    resolution: str | None
    content_type: str | None = None
    size_bytes: int | None = None
    filename: str | None = None
    created_at: datetime


class CalendarItemOut(ResponseModel):
    id: uuid.UUID
    calendar_id: uuid.UUID
    planned_date: datetime
    planned_platforms: list[str]
    content_pillar: str
    topic: str
    notes: str
    status: str
    job_id: uuid.UUID | None


class CalendarOut(ResponseModel):
    id: uuid.UUID
    period_start: date
    period_end: date
    version: int
    strategy_summary: str


class CalendarDetail(CalendarOut):
    items: list[CalendarItemOut]


class CalendarItemUpdate(RequestModel):
    topic: str | None = Field(default=None, min_length=1, max_length=300)
    notes: str | None = Field(default=None, max_length=5000)
    planned_date: LaxDatetime | None = None
    status: Literal[CalendarItemStatus.PLANNED, CalendarItemStatus.SKIPPED] | None = None


class ScriptOut(ResponseModel):
    id: uuid.UUID
    story_id: uuid.UUID | None
    title: str
    body_text: str
    tone: str
    language: str
    tags: list[str]
    platform_targets: list[str]
    status: str
    edit_history: list[dict[str, Any]] = Field(validation_alias="edit_history_json")
    created_at: datetime


class ReelOut(ResponseModel):
    id: uuid.UUID
    job_id: uuid.UUID | None
    title: str
    caption_text: str
    hashtags: list[str]
    length_sec: float
    aspect_ratio: str
    quality_score: float | None
    approval_status: str
    reviewed_at: datetime | None
    created_at: datetime
    video_url: str


class ReviewItem(ReelOut):
    run_id: uuid.UUID | None


class AnalyticsOut(ResponseModel):
    captured_at: datetime
    metrics: dict[str, Any] = Field(validation_alias="metrics_json")
    is_simulated: bool


class PostOut(ResponseModel):
    id: uuid.UUID
    reel_id: uuid.UUID
    account_id: uuid.UUID | None
    platform: str
    caption: str
    scheduled_time: datetime | None
    publish_status: str
    published_at: datetime | None
    platform_post_id: str | None
    permalink: str | None


class PostDetail(PostOut):
    analytics: list[AnalyticsOut]


class WeeklyReportOut(ResponseModel):
    id: uuid.UUID
    week_start: date
    week_end: date
    aggregate_metrics: dict[str, Any] = Field(validation_alias="aggregate_metrics_json")
    top_posts: list[dict[str, Any]]
    insights: str


class StrategyUpdateOut(ResponseModel):
    id: uuid.UUID
    source_report_id: uuid.UUID | None
    adjustments: dict[str, Any] = Field(validation_alias="adjustments_json")
    effective_start_date: date


class ProjectOut(ResponseModel):
    id: uuid.UUID
    name: str
    description: str
    start_date: date
    end_date: date | None
    status: str


class CampaignOut(ResponseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    name: str
    description: str
    target_platforms: list[str]
    start_date: date
    end_date: date | None
    status: str


class NotificationOut(ResponseModel):
    id: uuid.UUID
    type: str
    payload: dict[str, Any] = Field(validation_alias="payload_json")
    is_read: bool
    created_at: datetime


class AgentFeedback(RequestModel):
    """A rating of the agent itself."""

    subject_type: Literal["agent"]
    rating: WholeNumber = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000, examples=["Great hook."])


class ContentFeedback(RequestModel):
    """A rating of one of your scripts, reels or posts."""

    subject_type: Literal["script", "reel", "post"]
    subject_id: LaxUUID = Field(description="The script, reel or post rated.")
    rating: WholeNumber = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000, examples=["Great hook."])


FeedbackCreate = Annotated[AgentFeedback | ContentFeedback, Field(discriminator="subject_type")]


class FeedbackOut(ResponseModel):
    id: uuid.UUID
    subject_type: str
    subject_id: str
    rating: int
    comment: str | None
    created_at: datetime


class SocialAccountConnect(RequestModel):
    """Connect an account: the tokens are encrypted on arrival and never returned."""

    platform: Annotated[Platform, Lax]
    handle: str = Field(min_length=1, max_length=200, examples=["rocco.twin"])
    account_external_id: str | None = Field(default=None, max_length=200)
    client_app_name: str = Field(default="twinreel", min_length=1, max_length=200)
    access_token: str = Field(min_length=1, max_length=4096, examples=["<OAuth access token>"])
    refresh_token: str | None = Field(default=None, max_length=4096)
    token_expires_at: LaxDatetime | None = None
    scopes: list[str] = Field(default_factory=list, max_length=50)


class SocialAccountOut(ResponseModel):
    id: uuid.UUID
    platform: str
    handle: str
    account_external_id: str | None
    is_connected: bool
    integration_status: str | None = None
    scopes: list[str] = Field(default_factory=list)
    created_at: datetime


class ConsentCreate(RequestModel):
    consent_type: Annotated[ConsentType, Lax]
    granted: bool
    details: str = Field(
        default="", max_length=2000, examples=["Granted in the app's onboarding, v2 terms."]
    )


class ConsentOut(ResponseModel):
    id: uuid.UUID
    consent_type: str
    granted: bool
    granted_at: datetime
    details: str


class ApiKeyOut(ResponseModel):
    id: uuid.UUID
    name: str
    prefix: str
    role: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _known_zone(name: str) -> str:
    if name not in _zones():
        raise ValueError(f"{name!r} is not an IANA time zone like Europe/Rome")
    return name


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


TimeZoneName = Annotated[
    str,
    AfterValidator(_known_zone),
    WithJsonSchema({"type": "string", "enum": sorted(_zones())}),
]
"""An IANA zone name; the schema lists them so clients (and generators) only send real ones."""


class MeUpdate(RequestModel):
    """Your name, time zone and the switches that decide what the agent may do on its own."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    timezone: TimeZoneName | None = None
    approval_required: bool | None = Field(
        default=None, description="Every reel waits for your approval before publishing."
    )
    auto_publish: bool | None = Field(
        default=None, description="Approved reels are published without another step."
    )
    default_platforms: list[Annotated[Platform, Lax]] | None = Field(default=None, max_length=8)


class MeOut(ResponseModel):
    id: uuid.UUID
    name: str
    email: str
    role: str
    timezone: str
    preferences: dict[str, Any] = Field(validation_alias="preferences_json")
    key_role: str
    permissions: list[str]
