"""Creative memory (seed 000 §6.4 Agent_Memory, seed 004 Memory service).

``creative_memory`` rows are the record of truth for what won (hooks, personas, emotion curves,
topics); the vector index (Chroma) is derived from them and can be rebuilt. ``agent_memories``
describes that index for one agent (where it lives, its stats, the retention policy);
``memory_usage`` records each reuse so reinforcement can credit the memory.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, Integer, String, Text
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
from storage.enums import MemoryType, Platform


class AgentMemory(UUIDPrimaryKey, Timestamps, Base):
    """The descriptor of one agent's vector index (1:1 with Agent)."""

    __tablename__ = "agent_memories"

    agent_id: Mapped[uuid.UUID] = reference(
        "agents.id", ondelete="CASCADE", nullable=False, index=False, unique=True
    )
    user_id: Mapped[uuid.UUID] = owner()  # added: tenant scoping without a join
    vector_db_uri: Mapped[str] = mapped_column(String(1000))
    index_stats_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    retention_policy_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class CreativeMemory(UUIDPrimaryKey, CreatedAt, Base):
    """A remembered winning pattern, with its score and where it came from."""

    __tablename__ = "creative_memory"
    __table_args__ = (
        Index("ix_creative_memory_user_id_type_score", "user_id", "type", "score"),
        Index("ix_creative_memory_metadata_gin", "metadata", postgresql_using="gin").ddl_if(
            dialect="postgresql"
        ),
    )

    user_id: Mapped[uuid.UUID] = owner(index=False)
    type: Mapped[MemoryType] = mapped_column(enum_type(MemoryType, "type"))
    reference_id: Mapped[str | None] = mapped_column(String(100))  # e.g. the story or curve id
    platform: Mapped[Platform | None] = mapped_column(enum_type(Platform, "platform"))
    persona_id: Mapped[uuid.UUID | None] = reference(
        "personas.id", ondelete="SET NULL", nullable=True
    )
    ai_twin_id: Mapped[uuid.UUID | None] = reference(
        "ai_twins.id", ondelete="SET NULL", nullable=True
    )
    topic: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)  # what gets embedded
    embedding_kind: Mapped[str | None] = mapped_column(String(100))  # "lexical", "openai:…"
    score: Mapped[float] = mapped_column(Float, default=0.0)
    metadata_json: Mapped[dict[str, Any]] = mapped_column("metadata", JsonType, default=dict)
    reuse_count: Mapped[int] = mapped_column(Integer, default=0)


class MemoryUsage(UUIDPrimaryKey, Base):
    """A memory reused by a job."""

    __tablename__ = "memory_usage"

    user_id: Mapped[uuid.UUID] = owner()
    memory_id: Mapped[uuid.UUID] = reference(
        "creative_memory.id", ondelete="CASCADE", nullable=False
    )
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
