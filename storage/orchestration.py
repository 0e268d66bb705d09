"""Orchestration & audit (seed 000 §8, seed 004 API-gateway and Orchestrator services).

Three kinds of "job" are kept apart on purpose: a :class:`Job` is the request a user or the
scheduler made and the queue workers poll; an :class:`AgentRun` is one execution of a graph for
it (its LangGraph ``thread_id`` makes it resumable); a ``RenderJob`` (storage.media) is one
ffmpeg render inside that run. An :class:`ExecutionPlan` is the run's retry budget and choices;
``OrchestratorEvent``/``EventLog``/``ErrorLog`` are the audit trail.
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
    utcnow,
)
from storage.enums import (
    AgentRunStatus,
    ErrorScope,
    EventSubject,
    EventType,
    ExecutionPlanStatus,
    JobKind,
    JobStatus,
    OrchestratorEventType,
    RunResult,
    Severity,
    TriggerType,
)


class Job(UUIDPrimaryKey, Timestamps, Base):
    """A request (produce a reel, plan a week, …) tracked from queue to result."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_created_at", "status", "created_at"),  # queue polling
        CheckConstraint("progress_pct >= 0 AND progress_pct <= 100", name="progress_range"),
    )

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: a system job
    kind: Mapped[JobKind] = mapped_column(enum_type(JobKind, "kind"))
    status: Mapped[JobStatus] = mapped_column(
        enum_type(JobStatus, "status"), default=JobStatus.QUEUED
    )
    request_payload: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    progress_pct: Mapped[float] = mapped_column(Float, default=0.0)
    result_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    error_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # times a worker claimed it
    worker_id: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExecutionPlan(UUIDPrimaryKey, CreatedAt, Base):
    """The orchestrator's plan for a job: persona, emotion curve, hook type, retry budget."""

    __tablename__ = "execution_plans"

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    persona_id: Mapped[uuid.UUID | None] = reference(
        "personas.id", ondelete="SET NULL", nullable=True
    )
    emotion_curve_id: Mapped[uuid.UUID | None] = reference(
        "emotion_curves.id", ondelete="SET NULL", nullable=True
    )
    hook_type: Mapped[str] = mapped_column(String(50))
    retry_limit: Mapped[int] = mapped_column(Integer, default=2)
    current_retry: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ExecutionPlanStatus] = mapped_column(
        enum_type(ExecutionPlanStatus, "status"), default=ExecutionPlanStatus.ACTIVE
    )
    plan_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)  # the ContentPlan


class OrchestratorEvent(UUIDPrimaryKey, CreatedAt, Base):
    """A transition of the production graph (retry_triggered, accepted, …) for debugging."""

    __tablename__ = "orchestrator_events"
    __table_args__ = (Index("ix_orchestrator_events_job_id_created_at", "job_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference(
        "jobs.id", ondelete="SET NULL", nullable=True, index=False
    )
    event_type: Mapped[OrchestratorEventType] = mapped_column(
        enum_type(OrchestratorEventType, "event_type")
    )
    metadata_json: Mapped[dict[str, Any]] = mapped_column("metadata", JsonType, default=dict)


class AgentRun(UUIDPrimaryKey, Base):
    """One execution of a graph; ``thread_id`` is its LangGraph checkpoint thread."""

    __tablename__ = "agent_runs"

    agent_id: Mapped[uuid.UUID | None] = reference("agents.id", ondelete="CASCADE", nullable=True)
    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    trigger_type: Mapped[TriggerType] = mapped_column(enum_type(TriggerType, "trigger_type"))
    status: Mapped[AgentRunStatus] = mapped_column(
        enum_type(AgentRunStatus, "status"), default=AgentRunStatus.RUNNING
    )
    thread_id: Mapped[str | None] = mapped_column(String(200), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[RunResult | None] = mapped_column(enum_type(RunResult, "result"))
    log_uri: Mapped[str | None] = mapped_column(String(1000))
    summary: Mapped[str] = mapped_column(Text, default="")
    error_json: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class EventLog(UUIDPrimaryKey, Base):
    """An audit event: what happened to which subject, in a sentence."""

    __tablename__ = "event_logs"

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)
    agent_id: Mapped[uuid.UUID | None] = reference("agents.id", ondelete="CASCADE", nullable=True)
    run_id: Mapped[uuid.UUID | None] = reference("agent_runs.id", ondelete="CASCADE", nullable=True)
    event_type: Mapped[EventType] = mapped_column(enum_type(EventType, "event_type"))
    subject_type: Mapped[EventSubject] = mapped_column(enum_type(EventSubject, "subject_type"))
    subject_id: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    meta_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class ErrorLog(UUIDPrimaryKey, Base):
    """A failure worth a human's attention, with where it happened and how bad it is."""

    __tablename__ = "error_logs"

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # added: whose work failed
    run_id: Mapped[uuid.UUID | None] = reference(
        "agent_runs.id", ondelete="SET NULL", nullable=True
    )
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    scope: Mapped[ErrorScope] = mapped_column(enum_type(ErrorScope, "scope"))
    context_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    message: Mapped[str] = mapped_column(Text)
    stack_trace: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    severity: Mapped[Severity] = mapped_column(
        enum_type(Severity, "severity"), default=Severity.MEDIUM
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_notes: Mapped[str | None] = mapped_column(Text)
