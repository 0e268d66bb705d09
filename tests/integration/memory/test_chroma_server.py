"""The same memory works against a Chroma server (``TWINREEL_CHROMA_URL``) via HttpClient."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from memory.embedders import EmbedderMismatchError, LexicalEmbedder
from memory.index import MemoryIndexError, open_memory_index
from memory.service import CreativeMemoryService

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists() and shutil.which("chroma") is None:
        pytest.skip("the chroma CLI is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/api/v2/heartbeat", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("chroma server did not start")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_remember_and_recall_through_a_chroma_server(
    session_factory: sessionmaker[Session],  # first: a skipped database starts no server
    make_user: Callable[[str], uuid.UUID],
    chroma_url: str,
) -> None:
    service = CreativeMemoryService(
        session_factory, open_memory_index(None, chroma_url, LexicalEmbedder())
    )
    ada, bob = make_user("Ada"), make_user("Bob")
    memory = service.remember(ada, "hook", "Why passkeys beat passwords", score=0.8)
    service.remember(ada, "hook", "Three pasta recipes for busy weeknights", score=0.9)

    reopened = CreativeMemoryService(
        session_factory, open_memory_index(None, chroma_url, LexicalEmbedder())
    )
    assert reopened.index.uri == chroma_url
    assert reopened.recall(ada, "passkeys security tip", kinds=["hook"])[0].id == memory
    assert reopened.recall(bob, "passkeys security tip") == []
    other = open_memory_index(None, chroma_url, LexicalEmbedder(dims=128))
    with pytest.raises(EmbedderMismatchError):
        other.count(ada, "hook")


def test_a_bad_chroma_url_names_the_setting() -> None:
    with pytest.raises(MemoryIndexError, match="TWINREEL_CHROMA_URL='localhost:8000'"):
        open_memory_index(None, "localhost:8000", LexicalEmbedder())
    with pytest.raises(MemoryIndexError, match="needs a Chroma path or a Chroma server URL"):
        open_memory_index(None, None, LexicalEmbedder())
