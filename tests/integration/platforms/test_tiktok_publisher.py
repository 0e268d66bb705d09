"""TikTok Direct Post client against the fake platform server."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tests.integration.platforms.conftest import SessionLog, SimulatedCrashError
from tools.platforms.base import PublishOptions, ReelUpload
from tools.platforms.errors import PrecheckFailedError, RateLimitedError
from tools.platforms.oauth import RefreshingTokenProvider, TikTokRefresher, TokenSet
from tools.platforms.polling import PollPolicy
from tools.platforms.tiktok import TikTokPublisher, chunk_plan

CHUNK = 128 * 1024


def _client(fake: FakePlatformServer, http: httpx.Client, poll: PollPolicy) -> TikTokPublisher:
    return TikTokPublisher(
        http=http,
        base_url=fake.base_url("tiktok"),
        chunk_size=CHUNK,
        min_chunk_size=64 * 1024,
        poll=poll,
    )


def _tokens(
    fake: FakePlatformServer, http: httpx.Client, sink: list[TokenSet] | None = None
) -> RefreshingTokenProvider:
    return RefreshingTokenProvider(
        TokenSet(
            access_token=fake.access_token("tiktok"), refresh_token=fake.refresh_token("tiktok")
        ),
        TikTokRefresher("ckey", "secret", http=http, token_url=fake.token_url("tiktok")),
        on_refreshed=(sink if sink is not None else []).append,
    )


def test_direct_post_with_creator_privacy_and_aigc_flag(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    result = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=None, on_session=SessionLog()
    )
    [post] = fake.posts_for("tiktok")
    assert result.platform_post_id == post.post_id
    assert result.url == f"https://www.tiktok.com/@twin/video/{post.post_id}"
    info = post.details["post_info"]
    assert info["privacy_level"] == "PUBLIC_TO_EVERYONE"
    assert info["is_aigc"] is True
    assert info["disable_stitch"] is True  # the creator has stitch turned off
    assert info["title"].endswith("#passkeys #security")
    assert post.video_bytes == reel.size_bytes
    assert fake.upload_requests("tiktok") == reel.size_bytes // CHUNK


def test_crash_mid_upload_resumes_from_uploaded_bytes_and_posts_once(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    tokens = _tokens(fake, http)
    log = SessionLog(crash_when=lambda s: s.bytes_done == 2 * CHUNK)
    with pytest.raises(SimulatedCrashError):
        _client(fake, http, no_wait).publish(reel, tokens=tokens, session=None, on_session=log)
    saved = log.last
    _client(fake, http, no_wait).publish(reel, tokens=tokens, session=saved, on_session=log)
    assert len(fake.posts_for("tiktok")) == 1
    assert fake.upload_bytes_received["tiktok"] == reel.size_bytes
    assert fake.requests.count(("POST", "/tiktok/v2/post/publish/video/init/")) == 1


def test_dropped_connection_mid_chunk_and_5xx_are_survived(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("PUT", "/tiktok-upload/", drop=True)
    fake.inject("PUT", "/tiktok-upload/", status=502)
    _client(fake, http, no_wait).publish(
        make_reel(), tokens=_tokens(fake, http), session=None, on_session=SessionLog()
    )
    [post] = fake.posts_for("tiktok")
    assert post.video_bytes == make_reel().size_bytes


def test_expired_token_refresh_rotates_the_refresh_token(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.expire_token("tiktok")
    stored: list[TokenSet] = []
    _client(fake, http, no_wait).publish(
        make_reel(), tokens=_tokens(fake, http, stored), session=None, on_session=SessionLog()
    )
    assert [t.refresh_token for t in stored] == [fake.refresh_token("tiktok")]
    assert stored[0].refresh_expires_at is not None
    assert len(fake.posts_for("tiktok")) == 1


def test_429_on_init_is_rate_limited_with_retry_after(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("POST", "/video/init/", status=429, retry_after="30")
    with pytest.raises(RateLimitedError) as caught:
        _client(fake, http, no_wait).publish(
            make_reel(), tokens=_tokens(fake, http), session=None, on_session=SessionLog()
        )
    assert caught.value.retry_after_sec == 30.0
    assert fake.posts == []


def test_privacy_not_offered_by_the_creator_fails_before_upload(
    make_reel: Callable[..., ReelUpload],
    http: httpx.Client,
    no_wait: PollPolicy,
) -> None:
    with FakePlatformServer(
        tiktok_privacy_options=("SELF_ONLY",), tiktok_max_duration_sec=15
    ) as fake:
        with pytest.raises(PrecheckFailedError) as caught:
            _client(fake, http, no_wait).publish(
                make_reel(options=PublishOptions(privacy="public")),
                tokens=_tokens(fake, http),
                session=None,
                on_session=SessionLog(),
            )
        assert "PUBLIC_TO_EVERYONE" in str(caught.value)
        assert "max_video_post_duration_sec 15" in str(caught.value)
        assert not any("/video/init/" in path for _m, path in fake.requests)


def test_chunk_plan_follows_the_media_transfer_rules() -> None:
    mb = 1024 * 1024
    assert chunk_plan(3 * mb, 10 * mb, 5 * mb) == (3 * mb, 1)
    assert chunk_plan(50 * mb, 10 * mb, 5 * mb) == (10 * mb, 5)
    assert chunk_plan(57 * mb, 10 * mb, 5 * mb) == (10 * mb, 5)  # last chunk holds 17 MB
