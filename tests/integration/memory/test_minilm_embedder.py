"""The optional MiniLM embedder (``twinreel[minilm]``), offline; skipped when not installed."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from memory.embedders import make_embedder, minilm_available
from memory.index import open_memory_index
from memory.service import CreativeMemoryService

pytestmark = [
    pytest.mark.skipif(not minilm_available(), reason="the minilm extra is not installed"),
    pytest.mark.slow,
]


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_minilm_embeds_offline_with_384_dims() -> None:
    embedder = make_embedder("minilm")
    query = embedder.embed_query("passkeys security tip")
    related, unrelated = embedder.embed_documents(
        ["why passkeys beat passwords", "three pasta recipes for busy weeknights"]
    )
    assert embedder.identity == "minilm:all-MiniLM-L6-v2:384"
    assert len(query) == 384
    assert _cos(query, related) > _cos(query, unrelated) + 0.3
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_memory_with_minilm(
    session_factory: sessionmaker[Session],
    make_user: Callable[[str], uuid.UUID],
    tmp_path: Path,
) -> None:
    service = CreativeMemoryService(
        session_factory, open_memory_index(tmp_path / "chroma", None, make_embedder("minilm"))
    )
    user = make_user("Ada")
    memory = service.remember(user, "hook", "Why passkeys beat passwords", score=0.7)
    service.remember(user, "hook", "Three pasta recipes for busy weeknights", score=0.9)
    assert service.recall(user, "how to log in without a password", kinds=["hook"])[0].id == memory
