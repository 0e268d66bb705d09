"""The OpenAI embedder through the real ``openai`` SDK against a local fake server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from memory.embedders import EmbedderError, EmbedderMismatchError, OpenAIEmbedder, make_embedder
from memory.index import collection_name, open_memory_index
from memory.service import CreativeMemoryService
from tests.integration.memory.fake_embeddings_server import (
    API_KEY,
    FakeEmbeddings,
    fake_embeddings_server,
)

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def fake() -> Iterator[FakeEmbeddings]:
    with fake_embeddings_server() as server:
        yield server


def test_vectors_come_back_in_input_order_with_model_and_dimensions(fake: FakeEmbeddings) -> None:
    embedder = OpenAIEmbedder(
        "text-embedding-3-small", api_key=API_KEY, base_url=fake.base_url, dimensions=64
    )
    texts = ["why passkeys beat passwords", "pasta recipes", "passkeys security tip"]

    vectors = embedder.embed_documents(texts)

    assert [len(v) for v in vectors] == [64, 64, 64]
    assert vectors[2] == embedder.embed_query("passkeys security tip")  # order kept
    sent = fake.requests[0]["body"]
    assert (sent["model"], sent["input"], sent["dimensions"]) == (
        "text-embedding-3-small",
        texts,
        64,
    )
    assert embedder.identity == "openai:text-embedding-3-small:64"


def test_unknown_model_dims_are_probed_once(fake: FakeEmbeddings) -> None:
    embedder = OpenAIEmbedder("fake-embed", api_key=API_KEY, base_url=fake.base_url)
    assert embedder.dims == 48
    assert embedder.identity == "openai:fake-embed:48"
    assert len(fake.requests) == 1


def test_a_rejected_key_is_an_error_naming_the_model(fake: FakeEmbeddings) -> None:
    embedder = OpenAIEmbedder(
        "text-embedding-3-small", api_key="sk-wrong", base_url=fake.base_url, max_retries=0
    )
    with pytest.raises(EmbedderError, match=r"model 'text-embedding-3-small' failed.*API key"):
        embedder.embed_query("hello")


def test_memory_with_openai_embeddings_and_reopen_in_a_new_process(
    fake: FakeEmbeddings,
    session_factory: sessionmaker[Session],
    make_user: Callable[[str], uuid.UUID],
    tmp_path: Path,
) -> None:
    embedder = make_embedder(
        "openai:text-embedding-3-small", openai_api_key=API_KEY, openai_base_url=fake.base_url
    )
    path = tmp_path / "chroma"
    service = CreativeMemoryService(session_factory, open_memory_index(path, None, embedder))
    user = make_user("Ada")
    passkeys = service.remember(user, "hook", "Why passkeys beat passwords", score=0.7)
    service.remember(user, "hook", "Three pasta recipes for busy weeknights", score=0.9)

    assert service.recall(user, "passkeys security tip", kinds=["hook"])[0].id == passkeys

    # The offline default cannot read vectors made by OpenAI: a clear error, not nonsense.
    offline = CreativeMemoryService(
        session_factory, open_memory_index(path, None, make_embedder("lexical"))
    )
    with pytest.raises(EmbedderMismatchError, match="openai:text-embedding-3-small:1536"):
        offline.recall(user, "passkeys", kinds=["hook"])

    script = f"""
        import json, chromadb
        from chromadb.config import Settings
        import memory.embedders
        client = chromadb.PersistentClient({str(path)!r}, Settings(anonymized_telemetry=False))
        collection = client.get_collection({collection_name(user, "hook")!r})
        function = collection.configuration_json["embedding_function"]
        try:
            collection.query(query_texts=["passkeys"], n_results=1)
            outcome = "embedded"
        except Exception as exc:
            outcome = str(exc)
        print(json.dumps({{"function": function, "outcome": outcome}}))
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["function"]["name"] == "twinreel_openai"
    assert found["function"]["config"]["model"] == "text-embedding-3-small"
    assert API_KEY not in json.dumps(found["function"])
    # Rebuilt without a key, it refuses to embed and says why (instead of a silent default).
    assert "needs an API key" in found["outcome"]
