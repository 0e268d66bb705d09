"""Instagram Reels and Threads clients (the shared container flow) against the fake server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tests.integration.platforms.conftest import SessionLog, SimulatedCrashError
from tools.platforms.base import ReelUpload
from tools.platforms.errors import (
    PrecheckFailedError,
    PublishError,
    RateLimitedError,
    TokenRevokedError,
)
from tools.platforms.instagram import InstagramPublisher
from tools.platforms.meta_containers import MetaContainerPublisher
from tools.platforms.oauth import (
    MetaLongLivedRefresher,
    RefreshingTokenProvider,
    ThreadsRefresher,
    TokenSet,
)
from tools.platforms.polling import PollPolicy
from tools.platforms.threads import ThreadsPublisher


def _public_url(path: Path) -> str:
    return f"https://media.example.test/{path.name}"


def _client(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    poll: PollPolicy,
    public: bool = True,
) -> MetaContainerPublisher:
    url_for = _public_url if public else None
    if platform == "instagram":
        return InstagramPublisher(
            http=http,
            ig_user_id="ig-17841",
            public_url_for=url_for,
            base_url=fake.base_url("instagram"),
            poll=poll,
        )
    return ThreadsPublisher(
        http=http,
        threads_user_id="th-42",
        public_url_for=url_for,
        base_url=fake.base_url("threads"),
        poll=poll,
    )


def _tokens(platform: str, fake: FakePlatformServer, http: httpx.Client) -> RefreshingTokenProvider:
    refresher = (
        MetaLongLivedRefresher(
            "app", "secret", http=http, platform=platform, token_url=fake.token_url(platform)
        )
        if platform == "instagram"
        else ThreadsRefresher(http=http, token_url=fake.token_url(platform))
    )
    return RefreshingTokenProvider(
        TokenSet(access_token=fake.access_token(platform)), refresher, on_refreshed=lambda _t: None
    )


PLATFORMS = ["instagram", "threads"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_publishes_through_a_container(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    log = SessionLog()
    result = _client(platform, fake, http, no_wait).publish(
        make_reel(), tokens=_tokens(platform, fake, http), session=None, on_session=log
    )
    [post] = fake.posts_for(platform)
    assert result.platform_post_id == post.post_id
    assert result.url == f"https://example.test/{platform}/{post.post_id}"
    params = post.details["params"]
    assert params["video_url"] == "https://media.example.test/reel.mp4"
    if platform == "instagram":
        assert params["media_type"] == "REELS"
        assert params["cover_url"] == "https://media.example.test/cover.jpg"
        assert post.text.endswith("\n\n#passkeys #security")
    else:
        assert params["media_type"] == "VIDEO"
        assert post.text.endswith(" #passkeys")  # one topic tag on Threads
    assert [s.stage for s in map(type(log.last).model_validate_json, log.saved)] == [
        "processing",
        "publishing",
        "published",
    ]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_stuck_processing_is_bounded_then_resumes_the_same_container(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.processing_polls = 4
    short = PollPolicy(max_polls=2, first_delay_sec=0.0, sleep=lambda _s: None)
    log = SessionLog()
    tokens = _tokens(platform, fake, http)
    reel = make_reel()
    with pytest.raises(PublishError) as caught:
        _client(platform, fake, http, short).publish(
            reel, tokens=tokens, session=None, on_session=log
        )
    assert caught.value.retryable and "still processing" in caught.value.message
    saved = log.last
    _client(
        platform, fake, http, PollPolicy(max_polls=10, first_delay_sec=0.0, sleep=lambda _s: None)
    ).publish(reel, tokens=tokens, session=saved, on_session=log)
    assert len(fake.posts_for(platform)) == 1
    creates = [
        r
        for r in fake.requests
        if r[0] == "POST" and r[1].endswith("/media" if platform == "instagram" else "/threads")
    ]
    assert len(creates) == 1


@pytest.mark.parametrize("platform", PLATFORMS)
def test_crash_after_publish_call_recovers_the_post_instead_of_posting_again(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    tokens = _tokens(platform, fake, http)
    reel = make_reel()
    client = _client(platform, fake, http, no_wait)
    first = SessionLog(crash_when=lambda s: s.stage == "publishing")
    with pytest.raises(SimulatedCrashError):
        client.publish(reel, tokens=tokens, session=None, on_session=first)
    # The worker died after saving "publishing" but before sending; a second worker also dies
    # after the platform accepted the publish call but before saving the result.
    saved = first.last
    client.publish(reel, tokens=tokens, session=saved, on_session=SessionLog())
    [post] = fake.posts_for(platform)
    result = client.publish(reel, tokens=tokens, session=saved, on_session=SessionLog())
    assert result.platform_post_id == post.post_id
    assert result.response_json["recovered"] is True
    assert len(fake.posts_for(platform)) == 1


def test_instagram_refuses_when_the_publishing_quota_is_used(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.instagram_quota_usage = fake.instagram_quota_total
    with pytest.raises(RateLimitedError) as caught:
        _client("instagram", fake, http, no_wait).publish(
            make_reel(),
            tokens=_tokens("instagram", fake, http),
            session=None,
            on_session=SessionLog(),
        )
    assert "quota" in caught.value.message
    assert not any(path.endswith("/media") for _m, path in fake.requests)


def test_transient_graph_error_is_retryable(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.inject("POST", "/media_publish", status=500)
    log = SessionLog()
    tokens = _tokens("instagram", fake, http)
    with pytest.raises(PublishError) as caught:
        _client("instagram", fake, http, no_wait).publish(
            make_reel(), tokens=tokens, session=None, on_session=log
        )
    assert caught.value.retryable
    _client("instagram", fake, http, no_wait).publish(
        make_reel(), tokens=tokens, session=log.last, on_session=log
    )
    assert len(fake.posts_for("instagram")) == 1


def test_meta_token_is_exchanged_before_expiry(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    from datetime import UTC, datetime, timedelta

    refreshed: list[TokenSet] = []
    tokens = RefreshingTokenProvider(
        TokenSet(
            access_token=fake.access_token("instagram"),
            expires_at=datetime.now(UTC) + timedelta(minutes=1),
        ),
        MetaLongLivedRefresher("app", "secret", http=http, token_url=fake.token_url("instagram")),
        on_refreshed=refreshed.append,
    )
    _client("instagram", fake, http, no_wait).publish(
        make_reel(), tokens=tokens, session=None, on_session=SessionLog()
    )
    assert fake.refresh_calls["instagram"] == 1
    assert refreshed[0].access_token == fake.access_token("instagram")
    assert refreshed[0].expires_at is not None
    assert refreshed[0].expires_at > datetime.now(UTC) + timedelta(days=50)


def test_expired_meta_token_cannot_be_exchanged_and_is_reported_revoked(
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    fake.expire_token("threads")
    with pytest.raises(TokenRevokedError):
        _client("threads", fake, http, no_wait).publish(
            make_reel(),
            tokens=_tokens("threads", fake, http),
            session=None,
            on_session=SessionLog(),
        )
    assert fake.posts == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_precheck_needs_a_public_url_and_sends_nothing(
    platform: str,
    fake: FakePlatformServer,
    http: httpx.Client,
    no_wait: PollPolicy,
    make_reel: Callable[..., ReelUpload],
) -> None:
    client = _client(platform, fake, http, no_wait, public=False)
    problems = client.precheck(make_reel())
    assert [p.field for p in problems] == ["public_url_for"]
    with pytest.raises(PrecheckFailedError):
        client.publish(
            make_reel(), tokens=_tokens(platform, fake, http), session=None, on_session=SessionLog()
        )
    assert fake.requests == []
