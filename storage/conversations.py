"""Chat conversations with the agent: what the creator said and what the agent answered.

A message that turned into work points at its job, so a conversation reads as the history of
what was asked, what was made, and what was decided.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import (
    Base,
    CreatedAt,
    JsonType,
    Timestamps,
    UUIDPrimaryKey,
    enum_type,
    owner,
    reference,
)


class MessageRole(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class Conversation(UUIDPrimaryKey, Timestamps, Base):
    """A thread of chat messages between a creator and their agent."""

    __tablename__ = "conversations"

    user_id: Mapped[uuid.UUID] = owner()
    title: Mapped[str] = mapped_column(String(200), default="")


class ConversationMessage(UUIDPrimaryKey, CreatedAt, Base):
    """One message; ``intent`` and ``job_id`` record what the agent made of it."""

    __tablename__ = "conversation_messages"
    __table_args__ = (
        Index(
            "ix_conversation_messages_conversation_id_created_at", "conversation_id", "created_at"
        ),
    )

    conversation_id: Mapped[uuid.UUID] = reference(
        "conversations.id", ondelete="CASCADE", nullable=False, index=False
    )
    user_id: Mapped[uuid.UUID] = owner()
    role: Mapped[MessageRole] = mapped_column(enum_type(MessageRole, "role"))
    content: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(50))
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    payload_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
