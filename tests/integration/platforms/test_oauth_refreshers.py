"""Each platform's documented refresh flow against the fake token endpoints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.fakes.platform_server import FakePlatformServer
from tools.platforms.errors import PublishError, TokenRevokedError
from tools.platforms.oauth import (
    GoogleRefresher,
    LinkedInRefresher,
    MetaLongLivedRefresher,
    OAuthRefresher,
    RefreshingTokenProvider,
    ThreadsRefresher,
    TikTokRefresher,
    TokenSet,
)

Factory = Callable[[FakePlatformServer, httpx.Client], OAuthRefresher]
REFRESHERS: dict[str, Factory] = {
    "youtube": lambda f, h: GoogleRefresher("id", "s", http=h, token_url=f.token_url("youtube")),
    "tiktok": lambda f, h: TikTokRefresher("key", "s", http=h, token_url=f.token_url("tiktok")),
    "linkedin": lambda f, h: LinkedInRefresher(
        "id", "s", http=h, token_url=f.token_url("linkedin")
    ),
    "instagram": lambda f, h: MetaLongLivedRefresher(
        "app", "s", http=h, token_url=f.token_url("instagram")
    ),
    "facebook": lambda f, h: MetaLongLivedRefresher(
        "app", "s", http=h, platform="facebook", token_url=f.token_url("facebook")
    ),
    "threads": lambda f, h: ThreadsRefresher(http=h, token_url=f.token_url("threads")),
}


def _stored(fake: FakePlatformServer, platform: str) -> TokenSet:
    return TokenSet(
        access_token=fake.access_token(platform),
        refresh_token=fake.refresh_token(platform),
        scope="video.publish",
    )


@pytest.mark.parametrize("platform", sorted(REFRESHERS))
def test_refresh_returns_a_new_token_with_expiry(
    platform: str, fake: FakePlatformServer, http: httpx.Client
) -> None:
    old = fake.access_token(platform)
    fresh = REFRESHERS[platform](fake, http).refresh(_stored(fake, platform))
    assert fresh.access_token == fake.access_token(platform) != old
    assert fresh.expires_at is not None and fresh.expires_at > datetime.now(UTC)
    assert fresh.scope == "video.publish"


@pytest.mark.parametrize("platform", sorted(REFRESHERS))
def test_a_refused_refresh_is_token_revoked(
    platform: str, fake: FakePlatformServer, http: httpx.Client
) -> None:
    fake.revoke(platform)
    with pytest.raises(TokenRevokedError) as caught:
        REFRESHERS[platform](fake, http).refresh(_stored(fake, platform))
    assert "reconnect" in caught.value.message and not caught.value.retryable


def test_a_token_endpoint_outage_is_retryable_not_revoked(
    fake: FakePlatformServer, http: httpx.Client
) -> None:
    fake.inject("POST", "/google/token", status=503)
    with pytest.raises(PublishError) as caught:
        REFRESHERS["youtube"](fake, http).refresh(_stored(fake, "youtube"))
    assert caught.value.retryable and not isinstance(caught.value, TokenRevokedError)


def test_provider_refreshes_before_expiry_and_persists_the_new_set(
    fake: FakePlatformServer, http: httpx.Client
) -> None:
    saved: list[TokenSet] = []
    soon = datetime.now(UTC) + timedelta(minutes=2)
    provider = RefreshingTokenProvider(
        _stored(fake, "linkedin").model_copy(update={"expires_at": soon}),
        REFRESHERS["linkedin"](fake, http),
        on_refreshed=saved.append,
    )
    token = provider.access_token()
    assert token == fake.access_token("linkedin")
    assert len(saved) == 1 and saved[0].refresh_token == fake.refresh_token("linkedin")
    assert provider.access_token() == token  # valid for another hour: no second refresh
    assert fake.refresh_calls["linkedin"] == 1
