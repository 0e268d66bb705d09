"""Fixtures for creative memory on real Chroma (a tmp folder) and the shared SQL fixtures."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from memory.embedders import LexicalEmbedder
from memory.index import MemoryIndex, open_memory_index
from memory.service import CreativeMemoryService
from storage.database import transaction
from storage.models import Agent, Persona, User


@pytest.fixture
def chroma_path(tmp_path: Path) -> Path:
    return tmp_path / "chroma"


@pytest.fixture
def index(chroma_path: Path) -> Iterator[MemoryIndex]:
    opened = open_memory_index(chroma_path, None, LexicalEmbedder())
    yield opened
    opened.close()


@pytest.fixture
def service(session_factory: sessionmaker[Session], index: MemoryIndex) -> CreativeMemoryService:
    return CreativeMemoryService(session_factory, index)


@pytest.fixture
def make_user(session_factory: sessionmaker[Session]) -> Callable[[str], uuid.UUID]:
    def make(name: str) -> uuid.UUID:
        with transaction(session_factory) as session:
            user = User(name=name, email=f"{name.lower()}-{uuid.uuid4().hex[:6]}@example.com")
            session.add(user)
            session.flush()
            return user.id

    return make


@pytest.fixture
def make_agent(session_factory: sessionmaker[Session]) -> Callable[[uuid.UUID], uuid.UUID]:
    def make(user_id: uuid.UUID) -> uuid.UUID:
        with transaction(session_factory) as session:
            agent = Agent(user_id=user_id)
            session.add(agent)
            session.flush()
            return agent.id

    return make


@pytest.fixture
def make_persona(session_factory: sessionmaker[Session]) -> Callable[[uuid.UUID, str], uuid.UUID]:
    def make(user_id: uuid.UUID, slug: str) -> uuid.UUID:
        with transaction(session_factory) as session:
            persona = Persona(
                user_id=user_id,
                slug=slug,
                name=slug.replace("_", " ").title(),
                sentence_length="short",
                energy_level="high",
                vocabulary_level="simple",
            )
            session.add(persona)
            session.flush()
            return persona.id

    return make
