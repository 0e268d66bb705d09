"""YouTube Shorts client against the fake platform server."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tests.integration.platforms.conftest import SessionLog, SimulatedCrashError
from tools.platforms.base import ReelUpload, UploadSession
from tools.platforms.errors import PrecheckFailedError, PublishError, TokenRevokedError
from tools.platforms.oauth import GoogleRefresher, RefreshingTokenProvider, TokenSet
from tools.platforms.polling import PollPolicy
from tools.platforms.youtube import CHUNK_UNIT, YouTubePublisher


def _client(fake: FakePlatformServer, http: httpx.Client, poll: PollPolicy) -> YouTubePublisher:
    return YouTubePublisher(
        http=http, base_url=fake.base_url("youtube"), chunk_size=CHUNK_UNIT, poll=poll
    )


def _tokens(fake: FakePlatformServer, http: httpx.Client) -> RefreshingTokenProvider:
    refresher = GoogleRefresher("cid", "secret", http=http, token_url=fake.token_url("youtube"))
    stored: list[TokenSet] = []
    return RefreshingTokenProvider(
        TokenSet(
            access_token=fake.access_token("youtube"), refresh_token=fake.refresh_token("youtube")
        ),
        refresher,
        on_refreshed=stored.append,
    )


def test_publishes_a_short_with_flags_and_thumbnail(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    log = SessionLog()
    result = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=None, on_session=log
    )

    [post] = fake.posts_for("youtube")
    assert result.platform_post_id == post.post_id
    assert result.url == f"https://www.youtube.com/shorts/{post.post_id}"
    assert post.video_bytes == reel.size_bytes
    assert post.details["title"] == "Passkeys in 20 seconds"
    assert post.text.endswith("#passkeys #security #Shorts")
    assert post.details["status"] == {
        "privacyStatus": "public",
        "selfDeclaredMadeForKids": False,
        "containsSyntheticMedia": True,
    }
    assert post.details["thumbnail_bytes"] == reel.cover_path.stat().st_size  # type: ignore[union-attr]
    assert fake.upload_requests("youtube") == 3  # 600 KB in 256 KiB chunks
    assert log.last.stage == "published"


def test_crash_after_a_chunk_resumes_from_the_servers_range_and_posts_once(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    tokens = _tokens(fake, http)
    log = SessionLog(crash_when=lambda s: s.bytes_done == CHUNK_UNIT)
    with pytest.raises(SimulatedCrashError):
        _client(fake, http, no_wait).publish(reel, tokens=tokens, session=None, on_session=log)
    assert fake.posts_for("youtube") == []

    saved = log.last
    result = _client(fake, http, no_wait).publish(
        reel, tokens=tokens, session=saved, on_session=log
    )

    [post] = fake.posts_for("youtube")
    assert result.platform_post_id == post.post_id
    assert fake.upload_bytes_received["youtube"] == reel.size_bytes  # nothing sent twice
    assert ("POST", "/youtube/upload/youtube/v3/videos") in fake.requests
    assert fake.requests.count(("POST", "/youtube/upload/youtube/v3/videos")) == 1


def test_dropped_connection_mid_chunk_is_survived_by_querying_the_session(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("PUT", "/upload-session/", drop=True)
    reel = make_reel()
    result = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=None, on_session=SessionLog()
    )
    [post] = fake.posts_for("youtube")
    assert post.post_id == result.platform_post_id
    assert post.video_bytes == reel.size_bytes


def test_server_errors_and_429_are_retried_within_the_upload(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("PUT", "/upload-session/", status=503, times=1)
    fake.inject("PUT", "/upload-session/", status=429, retry_after="0", times=1)
    _client(fake, http, no_wait).publish(
        make_reel(), tokens=_tokens(fake, http), session=None, on_session=SessionLog()
    )
    assert len(fake.posts_for("youtube")) == 1


def test_a_5xx_on_start_is_a_retryable_error_and_nothing_is_posted(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("POST", "/upload/youtube/v3/videos", status=500, retry_after="7")
    with pytest.raises(PublishError) as caught:
        _client(fake, http, no_wait).publish(
            make_reel(), tokens=_tokens(fake, http), session=None, on_session=SessionLog()
        )
    assert caught.value.retryable and caught.value.status_code == 500
    assert caught.value.retry_after_sec == 7.0
    assert fake.posts == []


def test_expired_token_is_refreshed_once_and_the_upload_continues(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.expire_token("youtube")
    _client(fake, http, no_wait).publish(
        make_reel(), tokens=_tokens(fake, http), session=None, on_session=SessionLog()
    )
    assert fake.refresh_calls["youtube"] == 1
    assert len(fake.posts_for("youtube")) == 1


def test_revoked_grant_is_reported_as_token_revoked(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.revoke("youtube")
    with pytest.raises(TokenRevokedError) as caught:
        _client(fake, http, no_wait).publish(
            make_reel(), tokens=_tokens(fake, http), session=None, on_session=SessionLog()
        )
    assert not caught.value.retryable
    assert fake.posts == []


def test_precheck_failure_sends_nothing(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    landscape = make_reel(width=1920, height=1080, duration_sec=240)
    with pytest.raises(PrecheckFailedError) as caught:
        _client(fake, http, no_wait).publish(
            landscape, tokens=_tokens(fake, http), session=None, on_session=SessionLog()
        )
    assert "duration_sec" in str(caught.value) and "aspect" in str(caught.value)
    assert fake.requests == []


def test_a_published_session_is_returned_without_any_request(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    log = SessionLog()
    first = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=None, on_session=log
    )
    before = len(fake.requests)
    again = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=log.last, on_session=log
    )
    assert again.platform_post_id == first.platform_post_id
    assert len(fake.requests) == before


def test_a_published_session_survives_the_video_file_being_cleaned_up(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    log = SessionLog()
    first = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=None, on_session=log
    )
    reel.video_path.unlink()
    again = _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=log.last, on_session=log
    )
    assert again.platform_post_id == first.platform_post_id


def test_a_session_of_another_post_is_refused(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    log = SessionLog(crash_when=lambda s: s.bytes_done > 0)
    with pytest.raises(SimulatedCrashError):
        _client(fake, http, no_wait).publish(
            make_reel(), tokens=_tokens(fake, http), session=None, on_session=log
        )
    with pytest.raises(PublishError, match="idempotency_key"):
        _client(fake, http, no_wait).publish(
            make_reel(idempotency_key="post-2"),
            tokens=_tokens(fake, http),
            session=log.last,
            on_session=SessionLog(),
        )


def test_a_partially_stored_chunk_resumes_from_an_unaligned_range(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("PUT", "/upload-session/", drop=True, keep_partial=True)
    log = SessionLog()
    reel = make_reel()
    _client(fake, http, no_wait).publish(
        reel, tokens=_tokens(fake, http), session=None, on_session=log
    )
    done = [UploadSession.model_validate_json(s).bytes_done for s in log.saved]
    assert CHUNK_UNIT // 2 in done  # the server kept half a chunk and the client continued there
    [post] = fake.posts_for("youtube")
    assert post.video_bytes == reel.size_bytes
    assert post.video_sha256 == hashlib.sha256(reel.video_path.read_bytes()).hexdigest()
