"""Each platform's insights client against the fake platform server: real HTTP, native shapes,
normalised into one metrics dict; failures classified like publishing errors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from graph.learning import PlatformInsights, PostFacts, SimulatedInsights
from tests.fakes.platform_server import FakePlatformServer
from tools.analytics.registry import UnknownInsightsPlatformError, make_insights_client
from tools.platforms.errors import PublishError, TokenExpiredError
from tools.platforms.oauth import StaticTokenProvider

TRUTH = {
    "views": 1820.0,
    "impressions": 4100.0,
    "likes": 134.0,
    "comments": 9.0,
    "shares": 21.0,
    "saves": 30.0,
    "watch_time_sec": 5400.0,
    "followers_gained": 14.0,
    "followers_lost": 2.0,
    "average_view_pct": 62.5,
    "click_rate_pct": 4.3,
}


@pytest.fixture
def fake() -> Iterator[FakePlatformServer]:
    with FakePlatformServer() as server:
        yield server


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def test_youtube_analytics_report_becomes_normalised_metrics(
    fake: FakePlatformServer, http: httpx.Client
) -> None:
    fake.set_insights("youtube", "yt-vid-1", **TRUTH)
    client = make_insights_client(
        "youtube_shorts",
        StaticTokenProvider(fake.access_token("youtube")),
        http,
        base_url=fake.base_url("youtube"),
    )
    metrics = client.fetch("yt-vid-1")
    assert metrics == {
        "views": 1820,
        "impressions": 4100,
        "likes": 134,
        "comments": 9,
        "shares": 21,
        "saves": 30,
        "watch_time_sec": 5400,
        "ctr": 0.043,
        "followers_delta": 12,
        "retention": 0.625,
    }


def test_instagram_reel_insights(fake: FakePlatformServer, http: httpx.Client) -> None:
    fake.set_insights("instagram", "ig-media-7", **TRUTH)
    client = make_insights_client(
        "instagram",
        StaticTokenProvider(fake.access_token("instagram")),
        http,
        base_url=fake.base_url("instagram"),
    )
    metrics = client.fetch("ig-media-7")
    assert metrics["views"] == 1820 and metrics["impressions"] == 4100  # reach
    assert (metrics["likes"], metrics["comments"], metrics["shares"], metrics["saves"]) == (
        134,
        9,
        21,
        30,
    )
    assert metrics["watch_time_sec"] == 5400
    assert metrics["followers_delta"] == 14
    assert metrics["ctr"] == round(1820 / 4100, 4)  # play rate stands in for a CTR
    assert "retention" not in metrics


def test_threads_counts_reposts_and_quotes_as_shares(
    fake: FakePlatformServer, http: httpx.Client
) -> None:
    fake.set_insights("threads", "th-post-3", views=900, likes=40, comments=6, shares=5, quotes=3)
    client = make_insights_client(
        "threads",
        StaticTokenProvider(fake.access_token("threads")),
        http,
        base_url=fake.base_url("threads"),
    )
    metrics = client.fetch("th-post-3")
    assert (metrics["views"], metrics["likes"], metrics["comments"], metrics["shares"]) == (
        900,
        40,
        6,
        8,
    )
    assert metrics["impressions"] == 900 and metrics["saves"] == 0


def test_facebook_reel_video_insights(fake: FakePlatformServer, http: httpx.Client) -> None:
    fake.set_insights("facebook", "fbvid-5", **TRUTH)
    client = make_insights_client(
        "facebook",
        StaticTokenProvider(fake.access_token("facebook")),
        http,
        base_url=fake.base_url("facebook"),
    )
    metrics = client.fetch("fbvid-5")
    assert (metrics["views"], metrics["impressions"], metrics["likes"]) == (1820, 4100, 134)
    assert (metrics["comments"], metrics["shares"], metrics["watch_time_sec"]) == (9, 21, 5400)
    assert metrics["followers_delta"] == 14


def test_tiktok_video_query(fake: FakePlatformServer, http: httpx.Client) -> None:
    fake.set_insights("tiktok", "7301", **TRUTH)
    client = make_insights_client(
        "tiktok",
        StaticTokenProvider(fake.access_token("tiktok")),
        http,
        base_url=fake.base_url("tiktok"),
    )
    metrics = client.fetch("7301")
    assert (metrics["views"], metrics["likes"], metrics["comments"], metrics["shares"]) == (
        1820,
        134,
        9,
        21,
    )
    assert metrics["impressions"] == 1820 and metrics["watch_time_sec"] == 0
    with pytest.raises(PublishError, match="not found"):
        client.fetch("9999")


def test_linkedin_post_and_video_analytics(fake: FakePlatformServer, http: httpx.Client) -> None:
    urn = "urn:li:share:7001"
    fake.set_insights("linkedin", urn, **TRUTH)
    client = make_insights_client(
        "linkedin",
        StaticTokenProvider(fake.access_token("linkedin")),
        http,
        base_url=fake.base_url("linkedin"),
    )
    metrics = client.fetch(urn)
    assert (metrics["views"], metrics["impressions"], metrics["likes"]) == (1820, 4100, 134)
    assert (metrics["comments"], metrics["shares"], metrics["watch_time_sec"]) == (9, 21, 5400)


def test_an_expired_token_is_classified_for_refresh(
    fake: FakePlatformServer, http: httpx.Client
) -> None:
    fake.set_insights("instagram", "ig-media-8", **TRUTH)
    fake.expire_token("instagram")
    client = make_insights_client(
        "instagram",
        StaticTokenProvider(fake.access_token("instagram"), "instagram"),
        http,
        base_url=fake.base_url("instagram"),
    )
    with pytest.raises(PublishError) as caught:  # the static token cannot refresh: revoked
        client.fetch("ig-media-8")
    assert not caught.value.retryable


def test_a_server_error_is_retryable(fake: FakePlatformServer, http: httpx.Client) -> None:
    fake.set_insights("youtube", "yt-vid-2", **TRUTH)
    fake.inject("GET", "youtubeAnalytics", status=503)
    client = make_insights_client(
        "youtube",
        StaticTokenProvider(fake.access_token("youtube")),
        http,
        base_url=fake.base_url("youtube"),
    )
    with pytest.raises(PublishError) as caught:
        client.fetch("yt-vid-2")
    assert caught.value.retryable and not isinstance(caught.value, TokenExpiredError)
    assert client.fetch("yt-vid-2")["views"] == 1820


def test_unknown_platform_is_named() -> None:
    with (
        httpx.Client() as http,
        pytest.raises(UnknownInsightsPlatformError, match="'spill'"),
    ):
        make_insights_client("spill", StaticTokenProvider("t"), http)


def _facts(account_id: uuid.UUID | None, platform_post_id: str | None) -> PostFacts:
    return PostFacts(
        post_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        account_id=account_id,
        platform="instagram",
        platform_post_id=platform_post_id,
        published_at=datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
        job_id=None,
        title="Passkeys in 20 seconds",
        link=None,
        length_sec=20,
        timezone="Europe/Rome",
        niche="consumer tech explained simply",
        topic="passkeys replacing passwords",
        tone="educational",
        hook_type="question",
        twin=None,
        critic_total=0.8,
        critic_hook=0.8,
        critic_pacing=0.7,
        critic_loop=0.6,
        script_id=None,
        reel_id=uuid.uuid4(),
    )


def test_learning_reads_live_insights_for_connected_accounts_and_simulates_the_rest(
    fake: FakePlatformServer, http: httpx.Client
) -> None:
    account = uuid.uuid4()
    fake.set_insights("instagram", "ig-media-9", **TRUTH)
    client = make_insights_client(
        "instagram",
        StaticTokenProvider(fake.access_token("instagram")),
        http,
        base_url=fake.base_url("instagram"),
    )
    source = PlatformInsights({account: client}, fallback=SimulatedInsights(seed=7))
    live, simulated = source.measure(_facts(account, "ig-media-9"), 24)
    assert (live["views"], simulated) == (1820, False)
    offline, simulated = source.measure(_facts(None, None), 24)
    assert simulated is True and offline["views"] > 0
    assert not source.can_backfill(_facts(account, "ig-media-9"))  # a platform only knows "now"
    assert source.can_backfill(_facts(None, None))  # the simulator can say what was
    with pytest.raises(LookupError, match="no insights client"):
        PlatformInsights({}).measure(_facts(None, None), 24)
