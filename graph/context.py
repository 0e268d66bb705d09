"""The run context: live resources every node of a run needs, passed per invocation.

It is LangGraph's runtime context (not part of the checkpointed state): database sessions, chat
models per agent role, media and publishing providers, memory, the clock and the progress sink.
A resumed run gets a fresh context built from the same settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from sqlalchemy.orm import Session, sessionmaker

from agents.publisher import PublisherFor, RefresherFor, no_refresher
from memory.service import CreativeMemoryService
from storage.crypto import SecretBox

ProgressSink = Callable[[Mapping[str, Any]], None]
"""Where a run's progress events go (the CLI's console view, the API's SSE stream)."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _discard(event: Mapping[str, Any]) -> None:
    del event


@dataclass(frozen=True)
class MediaSettings:
    """Where media goes and which providers make it (names resolved by ``tools.media``)."""

    media_dir: Path
    voice_provider: str = "espeak"
    visual_provider: str = "cards"
    elevenlabs_api_key: str | None = None
    elevenlabs_base_url: str | None = None
    replicate_api_token: str | None = None
    replicate_base_url: str | None = None
    width_override: int | None = None  # smaller renders for previews and tests


@dataclass(frozen=True)
class RunContext:
    """Everything a node may touch besides its state."""

    session_factory: sessionmaker[Session]
    models: Mapping[str, BaseChatModel]
    box: SecretBox
    media: MediaSettings
    publisher_for: PublisherFor
    refresher_for: RefresherFor = no_refresher
    critic_judge: BaseChatModel | None = None
    memory: CreativeMemoryService | None = None
    progress: ProgressSink = _discard
    clock: Callable[[], datetime] = _utcnow
    callbacks: list[Any] = field(default_factory=list)
    worker_node: str = "local"

    def model(self, role: str) -> BaseChatModel:
        try:
            return self.models[role]
        except KeyError:
            raise KeyError(f"no chat model configured for agent role {role!r}") from None
