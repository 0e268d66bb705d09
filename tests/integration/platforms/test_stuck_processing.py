"""Stuck processing is bounded, retryable, and resumed from the saved session without re-upload."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tests.integration.platforms.conftest import SessionLog
from tools.platforms.api_publisher import ApiPublisher
from tools.platforms.base import ReelUpload
from tools.platforms.errors import PublishError
from tools.platforms.facebook import FacebookReelsPublisher
from tools.platforms.linkedin import LinkedInPublisher
from tools.platforms.oauth import StaticTokenProvider
from tools.platforms.polling import PollPolicy
from tools.platforms.tiktok import TikTokPublisher


def _client(
    platform: str, fake: FakePlatformServer, http: httpx.Client, polls: int
) -> ApiPublisher:
    poll = PollPolicy(max_polls=polls, first_delay_sec=0.0, sleep=lambda _s: None)
    base = fake.base_url(platform)
    if platform == "tiktok":
        return TikTokPublisher(
            http=http, base_url=base, chunk_size=128 * 1024, min_chunk_size=64 * 1024, poll=poll
        )
    if platform == "linkedin":
        return LinkedInPublisher(
            http=http, owner_urn="urn:li:organization:9", base_url=base, poll=poll
        )
    return FacebookReelsPublisher(http=http, page_id="page-5", base_url=base, poll=poll)


@pytest.mark.parametrize("platform", ["tiktok", "linkedin", "facebook"])
def test_stuck_processing_gives_up_retryably_then_resumes(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.processing_polls = 5
    reel = make_reel()
    tokens = StaticTokenProvider(fake.access_token(platform), platform)
    log = SessionLog()
    with pytest.raises(PublishError) as caught:
        _client(platform, fake, http, polls=2).publish(
            reel, tokens=tokens, session=None, on_session=log
        )
    assert caught.value.retryable and "still processing" in caught.value.message
    sent = dict(fake.upload_bytes_received)

    result = _client(platform, fake, http, polls=10).publish(
        reel, tokens=tokens, session=log.last, on_session=log
    )

    [post] = fake.posts_for(platform)
    assert result.platform_post_id == post.post_id
    assert fake.upload_bytes_received == sent  # nothing uploaded again
