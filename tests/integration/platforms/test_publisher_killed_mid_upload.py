"""A publisher process is SIGKILLed mid-upload; a new one resumes the saved session.

The child process runs the real YouTube and TikTok clients against the fake server and persists
every session to a file (as the durable process persists `Post.platform_session_json`); it hangs
after the second chunk so the test can kill it mid-upload. The parent then resumes from the last
saved session and checks that exactly one post exists and no completed byte was sent twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tests.integration.platforms.conftest import SessionLog
from tools.platforms.base import ReelUpload, UploadSession
from tools.platforms.oauth import StaticTokenProvider
from tools.platforms.polling import PollPolicy
from tools.platforms.registry import make_publisher
from tools.platforms.tiktok import TikTokPublisher
from tools.platforms.youtube import CHUNK_UNIT, YouTubePublisher

CHILD = textwrap.dedent(
    """
    import sys, time, httpx
    from pathlib import Path
    from tools.platforms.base import ReelUpload
    from tools.platforms.oauth import StaticTokenProvider
    from tools.platforms.tiktok import TikTokPublisher
    from tools.platforms.youtube import YouTubePublisher

    platform, base_url, token, reel_json, session_file = sys.argv[1:6]
    reel = ReelUpload.model_validate_json(reel_json)
    http = httpx.Client(timeout=10)
    if platform == "youtube":
        client = YouTubePublisher(http=http, base_url=base_url, chunk_size=262144)
    else:
        client = TikTokPublisher(http=http, base_url=base_url, chunk_size=131072,
                                 min_chunk_size=65536)
    out = Path(session_file)

    def save(session):
        tmp = out.with_suffix(".tmp")
        tmp.write_text(session.model_dump_json())
        tmp.replace(out)
        if session.bytes_done >= 2 * (session.chunk_size or 1):
            time.sleep(60)  # hang mid-upload until killed

    client.publish(reel, tokens=StaticTokenProvider(token), session=None, on_session=save)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("platform", ["youtube", "tiktok"])
def test_killed_publisher_resumes_and_posts_exactly_once(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
    tmp_path: Path,
) -> None:
    reel = make_reel()
    session_file = tmp_path / "session.json"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            platform,
            fake.base_url(platform),
            fake.access_token(platform),
            reel.model_dump_json(),
            str(session_file),
        ],
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if session_file.exists():
                saved = UploadSession.model_validate_json(session_file.read_text())
                if saved.bytes_done >= 2 * (saved.chunk_size or 1):
                    break
            assert child.poll() is None, "child exited before reaching the kill point"
            time.sleep(0.05)
        else:
            pytest.fail("child never reached the kill point")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert fake.posts_for(platform) == []

    client: YouTubePublisher | TikTokPublisher
    if platform == "youtube":
        client = YouTubePublisher(
            http=http, base_url=fake.base_url(platform), chunk_size=CHUNK_UNIT, poll=no_wait
        )
    else:
        client = TikTokPublisher(
            http=http,
            base_url=fake.base_url(platform),
            chunk_size=128 * 1024,
            min_chunk_size=64 * 1024,
            poll=no_wait,
        )
    result = client.publish(
        reel,
        tokens=StaticTokenProvider(fake.access_token(platform)),
        session=saved,
        on_session=SessionLog(),
    )

    [post] = fake.posts_for(platform)
    assert result.platform_post_id == post.post_id
    assert post.video_bytes == reel.size_bytes
    assert fake.upload_bytes_received[platform] == reel.size_bytes


def test_every_api_platform_publishes_once_through_make_publisher(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
    tmp_path: Path,
) -> None:
    accounts = {
        "instagram": "ig-1",
        "threads": "th-1",
        "facebook": "page-1",
        "linkedin": "urn:li:person:me",
    }
    for platform in ("youtube", "instagram", "tiktok", "linkedin", "threads", "facebook"):
        publisher = make_publisher(
            platform,
            base_urls=fake.base_urls(),
            outbox_dir=tmp_path,
            http=http,
            account_id=accounts.get(platform),
            poll=no_wait,
            public_url_for=lambda p: f"https://media.example.test/{p.name}",
        )
        log = SessionLog()
        reel = make_reel(idempotency_key=f"post-{platform}")
        result = publisher.publish(
            reel,
            tokens=StaticTokenProvider(fake.access_token(platform)),
            session=None,
            on_session=log,
        )
        again = publisher.publish(
            reel,
            tokens=StaticTokenProvider(fake.access_token(platform)),
            session=log.last,
            on_session=log,
        )
        assert again.platform_post_id == result.platform_post_id
        assert [p.post_id for p in fake.posts_for(platform)] == [result.platform_post_id]
