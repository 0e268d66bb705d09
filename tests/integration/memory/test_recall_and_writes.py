"""Remember and recall on real Chroma + SQL: filters, ranking, usage, reinforcement, atomicity."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from memory.embedders import EmbedderMismatchError, LexicalEmbedder
from memory.index import IndexRecord, MemoryIndex, collection_name, open_memory_index
from memory.service import (
    CreativeMemoryService,
    MemoryArgumentError,
    MemoryNotFoundError,
    NewMemory,
)
from storage.models import CreativeMemory, MemoryUsage


def _chroma_metadata(path: Path, user_id: uuid.UUID, kind: str, memory_id: uuid.UUID) -> dict:
    client = chromadb.PersistentClient(str(path), Settings(anonymized_telemetry=False))
    got = client.get_collection(collection_name(user_id, kind)).get(ids=[str(memory_id)])
    return dict(got["metadatas"][0])


def test_recall_finds_the_related_hook_first(
    service: CreativeMemoryService, make_user: Callable[[str], uuid.UUID]
) -> None:
    user = make_user("Ada")
    passkeys = service.remember(
        user, "hook", "Why passkeys beat passwords", score=0.6, platform="tiktok", topic="passkeys"
    )
    service.remember(user, "hook", "Three pasta recipes for busy weeknights", score=0.95)
    service.remember(user, "hook", "My morning routine as a night nurse", score=0.9)

    hits = service.recall(user, "passkeys security tip", kinds=["hook"], k=3)

    assert hits[0].id == passkeys
    assert hits[0].text == "Why passkeys beat passwords"
    assert hits[0].platform == "tiktok"
    assert hits[0].similarity > hits[1].similarity
    assert [h.kind for h in hits] == ["hook"] * 3


def test_among_similar_memories_the_winner_ranks_first(
    service: CreativeMemoryService, make_user: Callable[[str], uuid.UUID]
) -> None:
    user = make_user("Ada")
    loser = service.remember(user, "hook", "Passkeys explained in 20 seconds", score=0.2)
    winner = service.remember(user, "hook", "Passkeys explained in 20 seconds!", score=0.9)

    hits = service.recall(user, "passkeys explained", kinds=["hook"], k=2)

    assert [h.id for h in hits] == [winner, loser]
    assert hits[0].rank > hits[1].rank


def test_filters_platform_persona_score_and_kind(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    make_persona: Callable[[uuid.UUID, str], uuid.UUID],
) -> None:
    user = make_user("Ada")
    space = make_persona(user, "space_twin")
    calm = make_persona(user, "calm_teacher")
    tiktok = service.remember(
        user, "hook", "Passkeys in one minute", score=0.7, platform="tiktok", persona_id=space
    )
    youtube = service.remember(
        user,
        "hook",
        "Passkeys in one minute, really",
        score=0.8,
        platform="youtube_shorts",
        persona_id=calm,
    )
    weak = service.remember(user, "hook", "Passkeys, a short story", score=0.1, platform="tiktok")
    curve = service.remember(user, "emotion_curve", "curiosity then relief: passkeys", score=0.9)
    query = "passkeys in a minute"

    assert {h.id for h in service.recall(user, query, kinds=["hook"], platform="tiktok")} == {
        tiktok,
        weak,
    }
    assert [h.id for h in service.recall(user, query, kinds=["hook"], persona_id=calm)] == [youtube]
    assert weak not in {h.id for h in service.recall(user, query, kinds=["hook"], min_score=0.5)}
    assert [h.id for h in service.recall(user, query, kinds=["emotion_curve"])] == [curve]
    assert {h.id for h in service.recall(user, query, k=10)} == {tiktok, youtube, weak, curve}
    assert service.recall(user, query, kinds=["topic"]) == []


def test_bad_arguments_name_the_field(
    service: CreativeMemoryService, make_user: Callable[[str], uuid.UUID]
) -> None:
    user = make_user("Ada")
    with pytest.raises(MemoryArgumentError, match="kind 'hooks'"):
        service.remember(user, "hooks", "x", score=0.5)
    with pytest.raises(MemoryArgumentError, match=r"score must be in \[0, 1\], got 7"):
        service.remember(user, "hook", "x", score=7)
    with pytest.raises(MemoryArgumentError, match="platform 'myspace'"):
        service.remember(user, "hook", "x", score=0.5, platform="myspace")
    with pytest.raises(MemoryArgumentError, match="text must not be empty"):
        service.remember(user, "hook", "  ", score=0.5)
    with pytest.raises(MemoryNotFoundError, match="no creative_memory with id"):
        service.reinforce(uuid.uuid4(), 0.5)


def test_usage_writes_rows_and_counts_reuse_in_sql_and_chroma(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    session_factory: sessionmaker[Session],
    chroma_path: Path,
) -> None:
    user = make_user("Ada")
    memory = service.remember(user, "hook", "Why passkeys beat passwords", score=0.6)

    service.record_usage([memory], job_id=None)
    usage_ids = service.record_usage([memory, memory], job_id=None)  # duplicates count once

    assert len(usage_ids) == 1
    with session_factory() as session:
        assert session.get(CreativeMemory, memory).reuse_count == 2  # type: ignore[union-attr]
        usages = session.scalars(select(MemoryUsage).where(MemoryUsage.memory_id == memory)).all()
        assert len(usages) == 2
        assert {u.user_id for u in usages} == {user}
    assert _chroma_metadata(chroma_path, user, "hook", memory)["reuse_count"] == 2
    assert service.recall(user, "passkeys", kinds=["hook"])[0].reuse_count == 2
    with pytest.raises(MemoryNotFoundError):
        service.record_usage([memory, uuid.uuid4()], job_id=None)
    with session_factory() as session:  # the failed call wrote nothing
        assert session.get(CreativeMemory, memory).reuse_count == 2  # type: ignore[union-attr]


def test_reinforce_lifts_winners_and_fades_losers(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    chroma_path: Path,
) -> None:
    user = make_user("Ada")
    winner = service.remember(user, "hook", "Passkeys explained in 20 seconds", score=0.5)
    loser = service.remember(user, "hook", "Passkeys explained in 20 seconds!", score=0.5)

    assert service.reinforce(winner, 1.0, weight=0.5) == pytest.approx(0.75)
    assert service.reinforce(loser, 0.0, weight=0.5) == pytest.approx(0.25)

    assert _chroma_metadata(chroma_path, user, "hook", winner)["score"] == pytest.approx(0.75)
    assert [h.id for h in service.recall(user, "passkeys explained", kinds=["hook"])] == [
        winner,
        loser,
    ]
    assert service.recall(user, "passkeys explained", kinds=["hook"], min_score=0.5)[0].id == winner
    with pytest.raises(MemoryArgumentError, match="weight"):
        service.reinforce(winner, 1.0, weight=0.0)


class _WrongLengthEmbedder(LexicalEmbedder):
    """Claims the default identity but returns short vectors: Chroma refuses the write."""

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [vector[:100] for vector in super().embed_documents(texts)]


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(CreativeMemory)) or 0


def test_a_failed_vector_write_leaves_no_sql_row(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    session_factory: sessionmaker[Session],
    chroma_path: Path,
    index: MemoryIndex,
) -> None:
    user = make_user("Ada")
    service.remember(user, "hook", "Why passkeys beat passwords", score=0.6)
    broken = CreativeMemoryService(
        session_factory, open_memory_index(chroma_path, None, _WrongLengthEmbedder())
    )

    with pytest.raises(Exception, match="dimension"):
        broken.remember(user, "hook", "Passkeys, part two", score=0.7)

    assert _count(session_factory) == 1
    assert index.count(user, "hook") == 1


def test_remember_many_is_all_or_nothing(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    session_factory: sessionmaker[Session],
    chroma_path: Path,
    index: MemoryIndex,
) -> None:
    user = make_user("Ada")
    story = [
        NewMemory(kind="hook", text="Why passkeys beat passwords", score=0.8, topic="passkeys"),
        NewMemory(kind="emotion_curve", text="curiosity, doubt, relief", score=0.8),
        NewMemory(kind="topic", text="passkeys for beginners", score=0.8, topic="passkeys"),
    ]
    # Someone built Ada's emotion_curve collection with another embedder: the second kind fails.
    other = open_memory_index(chroma_path, None, LexicalEmbedder(dims=256))
    other.add(user, "emotion_curve", [IndexRecord("x", "calm", {"score": 0.1})])

    with pytest.raises(EmbedderMismatchError):
        service.remember_many(user, story)
    assert _count(session_factory) == 0
    assert index.count(user, "hook") == 0  # the hook written before the failure was removed

    other.drop_user(user)
    ids = service.remember_many(user, story)
    assert len(ids) == 3 and _count(session_factory) == 3
    assert [h.kind for h in service.recall(user, "passkeys beginners", kinds=["topic"])] == [
        "topic"
    ]


def test_winning_patterns_show_relevant_winners_per_kind(
    service: CreativeMemoryService, make_user: Callable[[str], uuid.UUID]
) -> None:
    user = make_user("Ada")
    hook = service.remember(user, "hook", "Why passkeys beat passwords", score=0.9)
    service.remember(user, "hook", "Passkeys, but boring", score=0.2)  # a loser
    service.remember(user, "hook", "Three pasta recipes for busy weeknights", score=0.95)
    curve = service.remember(user, "emotion_curve", "passkeys: curiosity, doubt, relief", score=0.8)

    patterns = service.winning_patterns(user, "passkeys security tip")

    assert {kind: [h.id for h in hits] for kind, hits in patterns.items()} == {
        "hook": [hook],
        "emotion_curve": [curve],
    }
    assert patterns["hook"][0].as_prompt_dict()["text"] == "Why passkeys beat passwords"
    assert service.winning_patterns(user, "sourdough starter") == {}


def test_filtered_recall_equals_filtering_the_full_ranking(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    make_persona: Callable[[uuid.UUID, str], uuid.UUID],
) -> None:
    """Broad filters take the nearest-then-SQL path, rare ones search among the SQL matches;
    either way the answer is the unfiltered ranking with the filter applied."""
    import random

    rng = random.Random(11)
    user = make_user("Ada")
    rare = make_persona(user, "rare_voice")
    words = [
        "passkeys",
        "pasta",
        "sourdough",
        "marathon",
        "budget",
        "python",
        "eclipse",
        "wifi",
        "coffee",
        "sleep",
    ]
    memories = [
        NewMemory(
            kind="hook",
            text=" ".join(rng.sample(words, 3)) + f" take {i}",
            score=round(rng.random(), 2),
            platform=rng.choice(["tiktok", "instagram", "youtube_shorts"]),
            persona_id=rare if i % 100 == 0 else None,
        )
        for i in range(300)
    ]
    service.remember_many(user, memories)
    query = "passkeys coffee"
    everything = service.recall(user, query, kinds=["hook"], k=300)
    assert len(everything) == 300

    for filters, expect in [
        ({"platform": "tiktok"}, lambda h: h.platform == "tiktok"),
        ({"min_score": 0.9}, lambda h: h.score >= 0.9),
        ({"persona_id": rare}, lambda h: h.persona_id == rare),  # 3 of 300: the rare path
        (
            {"platform": "instagram", "min_score": 0.5},
            lambda h: h.platform == "instagram" and h.score >= 0.5,
        ),
    ]:
        got = service.recall(user, query, kinds=["hook"], k=5, **filters)  # type: ignore[arg-type]
        wanted = [h for h in everything if expect(h)][:5]
        assert [h.id for h in got] == [h.id for h in wanted], filters
