"""LinkedIn (Videos + Posts API) and Facebook Page Reels clients against the fake server."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tests.integration.platforms.conftest import SessionLog, SimulatedCrashError
from tools.platforms.base import ReelUpload
from tools.platforms.errors import PrecheckFailedError, PublishError
from tools.platforms.facebook import FacebookReelsPublisher
from tools.platforms.linkedin import LinkedInPublisher
from tools.platforms.oauth import (
    LinkedInRefresher,
    RefreshingTokenProvider,
    StaticTokenProvider,
    TokenSet,
)
from tools.platforms.polling import PollPolicy

OWNER = "urn:li:person:abc123"
FB_CHUNK = 200 * 1024


def _linkedin(fake: FakePlatformServer, http: httpx.Client, poll: PollPolicy) -> LinkedInPublisher:
    return LinkedInPublisher(
        http=http, owner_urn=OWNER, base_url=fake.base_url("linkedin"), poll=poll
    )


def _li_tokens(fake: FakePlatformServer, http: httpx.Client) -> RefreshingTokenProvider:
    return RefreshingTokenProvider(
        TokenSet(
            access_token=fake.access_token("linkedin"), refresh_token=fake.refresh_token("linkedin")
        ),
        LinkedInRefresher("cid", "secret", http=http, token_url=fake.token_url("linkedin")),
        on_refreshed=lambda _t: None,
    )


def _facebook(
    fake: FakePlatformServer, http: httpx.Client, poll: PollPolicy
) -> FacebookReelsPublisher:
    return FacebookReelsPublisher(
        http=http,
        page_id="page-77",
        base_url=fake.base_url("facebook"),
        chunk_size=FB_CHUNK,
        poll=poll,
    )


def test_linkedin_uploads_parts_with_etags_and_creates_a_versioned_post(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    result = _linkedin(fake, http, no_wait).publish(
        reel, tokens=_li_tokens(fake, http), session=None, on_session=SessionLog()
    )
    [post] = fake.posts_for("linkedin")
    assert result.platform_post_id == post.post_id
    assert post.post_id.startswith("urn:li:share:")
    assert result.url == f"https://www.linkedin.com/feed/update/{post.post_id}/"
    assert post.video_bytes == reel.size_bytes
    assert post.details["author"] == OWNER
    assert post.details["post"]["visibility"] == "PUBLIC"
    assert post.text.endswith("{hashtag|\\#|passkeys} {hashtag|\\#|security}")
    assert fake.upload_requests("linkedin") == 5 + 1  # 600 KB in 128 KB parts, plus thumbnail


def test_linkedin_crash_after_parts_resumes_without_resending_them(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    tokens = _li_tokens(fake, http)
    log = SessionLog(crash_when=lambda s: sum(1 for p in s.parts if p.etag) == 3)
    with pytest.raises(SimulatedCrashError):
        _linkedin(fake, http, no_wait).publish(reel, tokens=tokens, session=None, on_session=log)
    _linkedin(fake, http, no_wait).publish(reel, tokens=tokens, session=log.last, on_session=log)
    assert len(fake.posts_for("linkedin")) == 1
    video_bytes = fake.upload_bytes_received["linkedin"] - reel.cover_path.stat().st_size  # type: ignore[union-attr]
    assert video_bytes == reel.size_bytes


def test_linkedin_crash_after_post_call_recovers_the_post(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    tokens = _li_tokens(fake, http)
    log = SessionLog(crash_when=lambda s: s.extra.get("post_sent") == "1")
    with pytest.raises(SimulatedCrashError):
        _linkedin(fake, http, no_wait).publish(reel, tokens=tokens, session=None, on_session=log)
    sent = log.last
    _linkedin(fake, http, no_wait).publish(
        reel, tokens=tokens, session=sent, on_session=SessionLog()
    )
    again = _linkedin(fake, http, no_wait).publish(
        reel, tokens=tokens, session=sent, on_session=SessionLog()
    )
    [post] = fake.posts_for("linkedin")
    assert again.platform_post_id == post.post_id
    assert again.response_json["recovered"] is True


def test_linkedin_expired_token_and_dropped_part_are_survived(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.expire_token("linkedin")
    fake.inject("PUT", "/linkedin-upload/", drop=True)
    _linkedin(fake, http, no_wait).publish(
        make_reel(), tokens=_li_tokens(fake, http), session=None, on_session=SessionLog()
    )
    assert fake.refresh_calls["linkedin"] == 1
    assert len(fake.posts_for("linkedin")) == 1


def test_linkedin_precheck_rejects_a_too_small_file_without_requests(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
    tmp_path: object,
) -> None:
    from pathlib import Path

    tiny = Path(str(tmp_path)) / "tiny.mp4"
    tiny.write_bytes(b"x" * 1000)
    with pytest.raises(PrecheckFailedError) as caught:
        _linkedin(fake, http, no_wait).publish(
            make_reel(video_path=tiny),
            tokens=_li_tokens(fake, http),
            session=None,
            on_session=SessionLog(),
        )
    assert "video_path" in str(caught.value)
    assert fake.requests == []


def test_facebook_reel_start_upload_finish_and_poll(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    tokens = StaticTokenProvider(fake.access_token("facebook"), "facebook")
    result = _facebook(fake, http, no_wait).publish(
        reel, tokens=tokens, session=None, on_session=SessionLog()
    )
    [post] = fake.posts_for("facebook")
    assert result.platform_post_id == post.post_id
    assert result.url == f"https://www.facebook.com/reel/{post.post_id}"
    assert post.video_bytes == reel.size_bytes
    assert post.text.endswith("#passkeys #security")
    assert fake.upload_requests("facebook") == 4  # 600 KB in 200 KB chunks


def test_facebook_resumes_at_bytes_transferred_and_never_finishes_twice(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    reel = make_reel()
    tokens = StaticTokenProvider(fake.access_token("facebook"), "facebook")
    log = SessionLog(crash_when=lambda s: s.bytes_done == 2 * FB_CHUNK)
    with pytest.raises(SimulatedCrashError):
        _facebook(fake, http, no_wait).publish(reel, tokens=tokens, session=None, on_session=log)
    crash_in_publishing = SessionLog(crash_when=lambda s: s.stage == "publishing")
    with pytest.raises(SimulatedCrashError):
        _facebook(fake, http, no_wait).publish(
            reel, tokens=tokens, session=log.last, on_session=crash_in_publishing
        )
    _facebook(fake, http, no_wait).publish(
        reel, tokens=tokens, session=crash_in_publishing.last, on_session=SessionLog()
    )
    assert len(fake.posts_for("facebook")) == 1
    assert fake.upload_bytes_received["facebook"] == reel.size_bytes
    finishes = [p for m, p in fake.requests if m == "POST" and p.endswith("/video_reels")]
    assert len(finishes) == 2  # one start, one finish


def test_facebook_dropped_upload_is_resumed_and_precheck_limits_duration(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    tokens = StaticTokenProvider(fake.access_token("facebook"), "facebook")
    fake.inject("POST", "/rupload/", drop=True)
    _facebook(fake, http, no_wait).publish(
        make_reel(), tokens=tokens, session=None, on_session=SessionLog()
    )
    assert len(fake.posts_for("facebook")) == 1
    problems = _facebook(fake, http, no_wait).precheck(make_reel(duration_sec=120))
    assert [p.field for p in problems] == ["duration_sec"]


def test_static_token_cannot_refresh_so_expiry_is_permanent(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.expire_token("facebook")
    with pytest.raises(PublishError) as caught:
        _facebook(fake, http, no_wait).publish(
            make_reel(),
            tokens=StaticTokenProvider(fake.access_token("facebook"), "facebook"),
            session=None,
            on_session=SessionLog(),
        )
    assert not caught.value.retryable
