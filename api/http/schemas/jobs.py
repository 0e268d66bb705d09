"""Jobs, runs, critic attempts, approvals and chat."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator

from agents.decisions import Platform
from api.http.events import public_event
from api.http.schemas.base import LaxUUID, RequestModel, ResponseModel, WholeNumber

PlatformName = Platform
ReelSeconds = Field(default=None, ge=8, le=30, description="Target length in seconds (8–30).")


class ReelRequest(RequestModel):
    """Make one reel (``POST /v1/jobs``)."""

    prompt: str = Field(min_length=1, max_length=2000, examples=["a 20 s TikTok about passkeys"])
    platform: PlatformName | None = None
    extra_platforms: list[PlatformName] = Field(default_factory=list, max_length=7)
    persona: str | None = Field(default=None, max_length=100, examples=["Space Twin"])
    duration_sec: WholeNumber | None = ReelSeconds
    aspect: Literal["9_16", "1_1", "4_5"] = "9_16"


class ChatRequest(RequestModel):
    message: str = Field(
        min_length=1,
        max_length=2000,
        examples=["a 20 s TikTok about passkeys, playful, use my Space Twin"],
    )
    conversation_id: LaxUUID | None = None
    platform: PlatformName | None = None
    persona: str | None = Field(default=None, max_length=100)
    duration_sec: WholeNumber | None = ReelSeconds


class JobRef(ResponseModel):
    job_id: uuid.UUID
    run_id: uuid.UUID | None = None
    status: str
    links: dict[str, str] = Field(default_factory=dict)


class ChatReply(ResponseModel):
    """What the agent made of a message: an answer, and the jobs it started (if any)."""

    conversation_id: uuid.UUID
    intent: Literal["make_reels", "results", "approve", "reject", "help"]
    answer: str
    jobs: list[JobRef] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)


class MessageOut(ResponseModel):
    id: uuid.UUID
    role: str
    content: str
    intent: str | None
    job_id: uuid.UUID | None
    created_at: datetime


class ConversationOut(ResponseModel):
    id: uuid.UUID
    title: str
    created_at: datetime
    updated_at: datetime


class ConversationDetail(ConversationOut):
    messages: list[MessageOut]


class CriticAttemptOut(ResponseModel):
    attempt: int
    hook_score: float
    pacing_score: float
    loop_score: float
    total_score: float
    verdict: str
    is_best_effort: bool


class RunOut(ResponseModel):
    id: uuid.UUID
    job_id: uuid.UUID | None
    trigger_type: str
    status: str
    result: str | None
    summary: str
    started_at: datetime
    finished_at: datetime | None
    error: dict[str, Any] | None = Field(default=None, validation_alias="error_json")


class EventOut(ResponseModel):
    event_type: str
    subject_type: str
    subject_id: str | None
    message: str
    created_at: datetime


class JobOut(ResponseModel):
    id: uuid.UUID
    kind: str
    status: str
    request: dict[str, Any] = Field(validation_alias="request_payload")
    progress_pct: float
    result: dict[str, Any] | None = Field(default=None, validation_alias="result_json")
    error: dict[str, Any] | None = Field(default=None, validation_alias="error_json")
    created_at: datetime
    finished_at: datetime | None

    @field_validator("result", "error", mode="after")
    @classmethod
    def _public(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        """No server file paths in what a job reports (``reel_id`` says where the video is)."""
        return public_event(value) if value is not None else None


class JobDetail(JobOut):
    runs: list[RunOut]
    critic_attempts: list[CriticAttemptOut]
    reel_ids: list[uuid.UUID]
    post_ids: list[uuid.UUID]
    events: list[EventOut]
    live: bool = Field(description="An execution of this job is in flight in this server.")
    progress: list[dict[str, Any]] = Field(
        description="This server's progress events for the job (newest last)."
    )


def _at_least_one_non_null(schema: dict[str, Any]) -> None:
    """Document what the route enforces: some field is given, and given fields are not null."""
    schema["minProperties"] = 1
    for prop in schema.get("properties", {}).values():
        options = prop.pop("anyOf", None)
        if options:
            prop.update(next(o for o in options if o.get("type") != "null"))


class ApprovalEdit(RequestModel):
    """At least one of the three; omitted ones stay as they are."""

    model_config = ConfigDict(json_schema_extra=_at_least_one_non_null)

    caption: str | None = Field(
        default=None, max_length=2200, examples=["Passkeys, explained in 20 seconds."]
    )
    hashtags: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=30
    )
    title: str | None = Field(default=None, max_length=300)


class RejectBody(RequestModel):
    reason: str = Field(default="", max_length=1000, examples=["too salesy"])
