"""Turning settings into live objects: engine, sessions, models, providers, run context.

Built once per process at an entry point and passed down; nothing below ``api`` reads settings.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.publishers import PlatformPublishers, PublishingConfig
from api.settings import AGENT_ROLES, Settings
from graph.checkpoint import open_checkpointer
from graph.context import MediaSettings, ProgressSink, RunContext
from memory.embedders.factory import make_embedder
from memory.index import open_memory_index
from memory.service import CreativeMemoryService
from storage.crypto import SecretBox
from storage.database import make_engine, make_session_factory
from tools.llm.factory import make_chat_model, parse_model_spec
from tools.llm.usage import ModelUsage


@dataclass
class Runtime:
    """The process's resources: one engine, one session factory, one key box, one memory."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    box: SecretBox
    _memory: CreativeMemoryService | None = field(default=None, init=False)
    _publishers: PlatformPublishers | None = field(default=None, init=False)

    def close(self) -> None:
        if self._publishers is not None:
            self._publishers.close()
        self.engine.dispose()

    def memory(self) -> CreativeMemoryService:
        """Creative memory over Chroma, opened on first use (Chroma start-up is not free)."""
        if self._memory is None:
            settings = self.settings
            key = settings.openai_api_key
            embedder = make_embedder(
                settings.embedder,
                openai_api_key=key.get_secret_value() if key else None,
                openai_base_url=settings.openai_base_url,
            )
            index = open_memory_index(
                None if settings.chroma_url else settings.resolved_chroma_path,
                settings.chroma_url,
                embedder,
            )
            self._memory = CreativeMemoryService(self.session_factory, index)
        return self._memory

    @property
    def database_url(self) -> str:
        return self.settings.resolved_database_url

    def chat_models(self) -> dict[str, BaseChatModel]:
        key = self.settings.openai_api_key
        return {
            role: make_chat_model(
                self.settings.model_for(role),
                openai_api_key=key.get_secret_value() if key else None,
                openai_base_url=self.settings.openai_base_url,
            )
            for role in AGENT_ROLES
        }

    def run_context(
        self,
        progress: ProgressSink | None = None,
        *,
        width_override: int | None = None,
        usage: ModelUsage | None = None,
    ) -> RunContext:
        settings = self.settings
        models = self.chat_models()
        critic_provider, _ = parse_model_spec(settings.model_for("critic"))
        media = MediaSettings(
            media_dir=settings.resolved_media_dir,
            voice_provider="elevenlabs" if settings.elevenlabs_api_key else "espeak",
            visual_provider="replicate" if settings.replicate_api_token else "cards",
            elevenlabs_api_key=_secret(settings.elevenlabs_api_key),
            elevenlabs_base_url=settings.elevenlabs_base_url,
            replicate_api_token=_secret(settings.replicate_api_token),
            replicate_base_url=settings.replicate_base_url,
            width_override=width_override,
        )
        extra = {"progress": progress} if progress is not None else {}
        return RunContext(
            session_factory=self.session_factory,
            models=models,
            box=self.box,
            media=media,
            publisher_for=self.publishers(),
            refresher_for=self.publishers().refresher_for,
            critic_judge=models["critic"] if critic_provider != "offline" else None,
            memory=self.memory(),
            callbacks=[usage] if usage is not None else [],
            worker_node=socket.gethostname(),
            **extra,  # type: ignore[arg-type]
        )

    def publishers(self) -> PlatformPublishers:
        """The platform clients (outbox, export packages, real APIs) and their token refresh."""
        if self._publishers is None:
            self._publishers = PlatformPublishers(PublishingConfig.from_settings(self.settings))
        return self._publishers

    @contextmanager
    def checkpointer(self) -> Iterator[BaseCheckpointSaver[str]]:
        with open_checkpointer(self.database_url, self.settings.checkpoint_path) as saver:
            yield saver


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return getter() if callable(getter) else None


def open_runtime(settings: Settings) -> Runtime:
    """Engine, sessions and keys for the configured database (data directory created)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    Path(settings.resolved_media_dir).mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    return Runtime(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        box=SecretBox(settings.fernet_keys()),
    )
