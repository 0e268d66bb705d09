"""The index survives processes, embedder switches, loss, compaction and user deletion."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from chromadb.api.types import DefaultEmbeddingFunction
from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from memory.embedders import EmbedderMismatchError, LexicalEmbedder
from memory.index import MemoryIndex, collection_name, open_memory_index
from memory.service import CreativeMemoryService
from storage.database import transaction
from storage.models import AgentMemory, CreativeMemory

REPO = Path(__file__).resolve().parents[3]


def _run(script: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_new_process_reopens_the_collection_with_its_embedder(
    service: CreativeMemoryService, make_user: Callable[[str], uuid.UUID], chroma_path: Path
) -> None:
    user = make_user("Ada")
    passkeys = service.remember(user, "hook", "Why passkeys beat passwords", score=0.8)
    service.remember(user, "hook", "Three pasta recipes for busy weeknights", score=0.9)
    name = collection_name(user, "hook")

    # Plain Chroma with no embedding function passed: the registry rebuilds ours from the
    # collection's stored config, so query_texts embeds with the lexical embedder.
    found = _run(
        f"""
        import json, chromadb
        from chromadb.config import Settings
        import memory.embedders  # registers the Twinreel embedding functions
        settings = Settings(anonymized_telemetry=False)
        client = chromadb.PersistentClient({str(chroma_path)!r}, settings)
        collection = client.get_collection({name!r})
        result = collection.query(query_texts=["passkeys security tip"], n_results=2)
        config = collection.configuration_json["embedding_function"]
        found = {{"ids": result["ids"][0], "ef": config["name"], "cfg": config["config"]}}
        print(json.dumps(found))
        """
    )
    assert found["ids"][0] == str(passkeys)
    assert found["ef"] == "twinreel_lexical"
    assert found["cfg"] == {"dims": 512, "version": 1}

    # And through Twinreel's own index in a new process.
    reopened = _run(
        f"""
        import json, uuid
        from pathlib import Path
        from memory.embedders import make_embedder
        from memory.index import open_memory_index
        index = open_memory_index(Path({str(chroma_path)!r}), None, make_embedder("auto"))
        user = uuid.UUID({str(user)!r})
        hits = index.nearest(user, "hook", index.embed_query("passkeys security tip"), 2)
        ids = [memory_id for memory_id, _ in hits]
        print(json.dumps({{"ids": ids, "count": index.count(user, "hook")}}))
        """
    )
    assert reopened == {"ids": [str(passkeys), found["ids"][1]], "count": 2}


def test_chroma_default_embedder_is_never_used(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    index: MemoryIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(self: object, input: object) -> object:
        raise AssertionError("Chroma's default (downloading) embedder was called")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", refuse)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "__call__", refuse)
    user = make_user("Ada")
    service.remember(user, "persona", "deadpan engineer who loves space", score=0.7)
    assert service.recall(user, "space engineer", kinds=["persona"])

    collection = index._client.get_collection(collection_name(user, "persona"))
    assert collection.configuration_json["embedding_function"]["name"] == "twinreel_lexical"
    assert collection.query(query_texts=["space"], n_results=1)["ids"][0]


def test_other_embedder_is_a_clear_error_until_reindexed(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    session_factory: sessionmaker[Session],
    chroma_path: Path,
) -> None:
    user = make_user("Ada")
    memory = service.remember(user, "hook", "Why passkeys beat passwords", score=0.8)
    switched = CreativeMemoryService(
        session_factory, open_memory_index(chroma_path, None, LexicalEmbedder(dims=256))
    )

    with pytest.raises(EmbedderMismatchError) as caught:
        switched.recall(user, "passkeys", kinds=["hook"])
    message = str(caught.value)
    assert "lexical-v1-512" in message and "lexical-v1-256" in message
    assert "twinreel memory reindex" in message

    report = switched.reindex()
    assert (report.users, report.memories, report.embedder) == (1, 1, "lexical-v1-256")
    assert [h.id for h in switched.recall(user, "passkeys", kinds=["hook"])] == [memory]
    with session_factory() as session:
        row = session.get(CreativeMemory, memory)
        assert row is not None and row.embedding_kind == "lexical-v1-256"


def test_reindex_rebuilds_a_lost_index_from_sql(
    session_factory: sessionmaker[Session],
    make_user: Callable[[str], uuid.UUID],
    tmp_path: Path,
) -> None:
    ada, bob = make_user("Ada"), make_user("Bob")
    first = CreativeMemoryService(
        session_factory, open_memory_index(tmp_path / "old", None, LexicalEmbedder())
    )
    hook = first.remember(ada, "hook", "Why passkeys beat passwords", score=0.8, platform="tiktok")
    first.record_usage([hook], job_id=None)
    curve = first.remember(bob, "emotion_curve", "curiosity, tension, relief", score=0.6)
    shutil.rmtree(tmp_path / "old")

    fresh = CreativeMemoryService(
        session_factory, open_memory_index(tmp_path / "new", None, LexicalEmbedder())
    )
    assert fresh.recall(ada, "passkeys") == []
    report = fresh.reindex()

    assert (report.users, report.memories) == (2, 2)
    hits = fresh.recall(ada, "passkeys", platform="tiktok")
    assert [h.id for h in hits] == [hook]
    assert hits[0].reuse_count == 1
    assert [h.id for h in fresh.recall(bob, "tension and relief")] == [curve]
    assert fresh.index.count(ada, "hook") == 1


def test_one_users_memories_never_reach_another(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    index: MemoryIndex,
) -> None:
    ada, bob = make_user("Ada"), make_user("Bob")
    text = "Why passkeys beat passwords"
    secret = service.remember(ada, "hook", text, score=0.9, platform="tiktok")

    assert service.recall(bob, text) == []
    assert service.recall(bob, text, kinds=["hook"], platform="tiktok") == []
    assert index.nearest(bob, "hook", index.embed_query(text), 10) == []
    mine = service.remember(bob, "hook", text, score=0.1)
    assert [h.id for h in service.recall(bob, text, k=10)] == [mine]
    assert [h.id for h in service.recall(ada, text, k=10)] == [secret]
    assert index.kinds_of(bob) == ["hook"]
    assert collection_name(ada, "hook") != collection_name(bob, "hook")


def test_compaction_keeps_top_k_per_topic_twin_persona_and_obeys_policy(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    make_agent: Callable[[uuid.UUID], uuid.UUID],
    session_factory: sessionmaker[Session],
    index: MemoryIndex,
) -> None:
    user = make_user("Ada")
    agent = make_agent(user)
    service.register_agent(
        agent, user, retention_policy={"top_k": 2, "max_age_days": 30, "min_score": 0.2}
    )
    passkeys = [
        service.remember(user, "hook", f"Passkeys hook number {i}", score=s, topic="passkeys")
        for i, s in enumerate([0.9, 0.5, 0.7, 0.3])
    ]
    pasta = service.remember(user, "hook", "Pasta in ten minutes", score=0.4, topic="pasta")
    weak = service.remember(user, "hook", "A weak pasta hook", score=0.1, topic="pasta")
    old = service.remember(user, "hook", "An old pasta hook", score=0.95, topic="pasta")
    curve = service.remember(user, "emotion_curve", "curiosity then relief", score=0.5)
    with transaction(session_factory) as session:
        session.execute(
            update(CreativeMemory)
            .where(CreativeMemory.id == old)
            .values(created_at=datetime.now(UTC) - timedelta(days=60))
        )

    report = service.compact(user)

    assert report.deleted == {"beyond_top_k": 2, "low_score": 1, "too_old": 1}
    assert report.kept == 4
    kept = {h.id for h in service.recall(user, "passkeys pasta hook curiosity", k=20)}
    assert kept == {passkeys[0], passkeys[2], pasta, curve}
    assert index.count(user, "hook") == 3
    assert weak not in kept and old not in kept
    with session_factory() as session:
        stats = session.query(AgentMemory).filter_by(agent_id=agent).one().index_stats_json
    assert stats["size"] == 4 and stats["sql_size"] == 4 and stats["dims"] == 512
    assert stats["embedder"] == "lexical-v1-512"
    assert stats["per_kind"] == {"emotion_curve": 1, "hook": 3}
    assert datetime.fromisoformat(stats["last_compaction_at"]) <= datetime.now(UTC)

    assert service.compact(user, top_k=1).deleted == {"beyond_top_k": 1}
    assert index.count(user, "hook") == 2  # the best passkeys hook and the pasta hook


def test_bad_retention_policy_names_the_key(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    make_agent: Callable[[uuid.UUID], uuid.UUID],
) -> None:
    user = make_user("Ada")
    with pytest.raises(ValueError, match=r"retention_policy_json\.top_k"):
        service.register_agent(make_agent(user), user, retention_policy={"top_k": 0})


def test_delete_user_drops_their_vectors_only(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    index: MemoryIndex,
) -> None:
    ada, bob = make_user("Ada"), make_user("Bob")
    service.remember(ada, "hook", "Why passkeys beat passwords", score=0.9)
    service.remember(ada, "persona", "deadpan engineer", score=0.9)
    kept = service.remember(bob, "hook", "Why passkeys beat passwords", score=0.9)

    assert service.delete_user(ada) == 2

    assert index.kinds_of(ada) == []
    assert service.recall(ada, "passkeys") == []
    assert [h.id for h in service.recall(bob, "passkeys")] == [kept]
    assert service.reindex().memories == 1  # Ada's rows are gone from SQL too
    assert index.kinds_of(ada) == []


def test_a_running_process_survives_a_reindex_done_elsewhere(
    service: CreativeMemoryService,
    make_user: Callable[[str], uuid.UUID],
    session_factory: sessionmaker[Session],
    chroma_path: Path,
) -> None:
    user = make_user("Ada")
    first = service.remember(user, "hook", "Why passkeys beat passwords", score=0.8)
    assert service.recall(user, "passkeys")  # the API process has the collection cached

    cli = CreativeMemoryService(
        session_factory, open_memory_index(chroma_path, None, LexicalEmbedder())
    )
    cli.reindex(user)  # drops and recreates the collection under the API process

    second = service.remember(user, "hook", "Passkeys in sixty seconds", score=0.9)
    assert {h.id for h in service.recall(user, "passkeys")} == {first, second}
