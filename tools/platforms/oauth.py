"""Each platform's documented token refresh flow, and a provider that refreshes before expiry.

The durable process keeps tokens encrypted in `IntegrationKey`; it builds a
`RefreshingTokenProvider` from the stored `TokenSet` and persists every refreshed set through
`on_refreshed`. A refresh the platform refuses (revoked grant, expired refresh token) raises
`TokenRevokedError` so the caller can mark the key `revoked`/`expired` and notify the creator;
a refresh that fails on the network is an ordinary retryable `PublishError`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, ConfigDict

from tools.platforms.errors import PublishError, TokenRevokedError
from tools.platforms.transport import response_json

GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
TIKTOK_TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
LINKEDIN_TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken"
META_TOKEN_URL = "https://graph.facebook.com/v21.0/oauth/access_token"
THREADS_TOKEN_URL = "https://graph.threads.net/refresh_access_token"


class TokenSet(BaseModel):
    """The secrets of one connected account, as stored (encrypted) in IntegrationKey."""

    model_config = ConfigDict(frozen=True)

    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    scope: str | None = None


class OAuthRefresher(Protocol):
    """Exchanges the stored token set for a fresh one using the platform's refresh flow."""

    platform: str

    def refresh(self, tokens: TokenSet) -> TokenSet: ...


Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _expiry(now: datetime, seconds: object) -> datetime | None:
    if isinstance(seconds, int | float) and seconds > 0:
        return now + timedelta(seconds=float(seconds))
    return None


class _FormRefresher:
    """Shared body of the RFC 6749 `grant_type=refresh_token` flows (Google, TikTok, LinkedIn)."""

    platform = ""
    client_id_field = "client_id"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str,
        http: httpx.Client,
        clock: Clock = _utcnow,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_url = token_url
        self.http = http
        self.clock = clock

    def refresh(self, tokens: TokenSet) -> TokenSet:
        if not tokens.refresh_token:
            raise TokenRevokedError(self.platform, "no refresh_token is stored; reconnect")
        form = {
            self.client_id_field: self.client_id,
            "client_secret": self.client_secret,
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
        }
        body = _token_request(self.platform, self.http, "POST", self.token_url, data=form)
        now = self.clock()
        return TokenSet(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or tokens.refresh_token),
            expires_at=_expiry(now, body.get("expires_in")),
            refresh_expires_at=_expiry(
                now, body.get("refresh_expires_in", body.get("refresh_token_expires_in"))
            )
            or tokens.refresh_expires_at,
            scope=str(body.get("scope") or tokens.scope or "") or None,
        )


class GoogleRefresher(_FormRefresher):
    """Google OAuth 2.0 token endpoint (YouTube); Google keeps the same refresh token."""

    platform = "youtube"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        http: httpx.Client,
        token_url: str = GOOGLE_TOKEN_URL,
        clock: Clock = _utcnow,
    ) -> None:
        super().__init__(client_id, client_secret, token_url=token_url, http=http, clock=clock)


class TikTokRefresher(_FormRefresher):
    """TikTok `/v2/oauth/token/`; it names the client `client_key` and rotates refresh tokens."""

    platform = "tiktok"
    client_id_field = "client_key"

    def __init__(
        self,
        client_key: str,
        client_secret: str,
        *,
        http: httpx.Client,
        token_url: str = TIKTOK_TOKEN_URL,
        clock: Clock = _utcnow,
    ) -> None:
        super().__init__(client_key, client_secret, token_url=token_url, http=http, clock=clock)


class LinkedInRefresher(_FormRefresher):
    """LinkedIn `/oauth/v2/accessToken` (programmatic refresh tokens, partner apps)."""

    platform = "linkedin"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        http: httpx.Client,
        token_url: str = LINKEDIN_TOKEN_URL,
        clock: Clock = _utcnow,
    ) -> None:
        super().__init__(client_id, client_secret, token_url=token_url, http=http, clock=clock)


class MetaLongLivedRefresher:
    """Meta (Instagram, Facebook) long-lived token exchange: `grant_type=fb_exchange_token`.

    Meta has no refresh token: a still-valid long-lived user token is exchanged for a new one
    (about 60 days). Once it has expired the creator must log in again.
    """

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        *,
        http: httpx.Client,
        platform: str = "instagram",
        token_url: str = META_TOKEN_URL,
        clock: Clock = _utcnow,
    ) -> None:
        self.platform = platform
        self.app_id = app_id
        self.app_secret = app_secret
        self.token_url = token_url
        self.http = http
        self.clock = clock

    def refresh(self, tokens: TokenSet) -> TokenSet:
        params = {
            "grant_type": "fb_exchange_token",
            "client_id": self.app_id,
            "client_secret": self.app_secret,
            "fb_exchange_token": tokens.access_token,
        }
        body = _token_request(self.platform, self.http, "GET", self.token_url, params=params)
        return TokenSet(
            access_token=str(body["access_token"]),
            expires_at=_expiry(self.clock(), body.get("expires_in")),
            scope=tokens.scope,
        )


class ThreadsRefresher:
    """Threads long-lived token refresh: `GET /refresh_access_token?grant_type=th_refresh_token`."""

    platform = "threads"

    def __init__(
        self, *, http: httpx.Client, token_url: str = THREADS_TOKEN_URL, clock: Clock = _utcnow
    ) -> None:
        self.token_url = token_url
        self.http = http
        self.clock = clock

    def refresh(self, tokens: TokenSet) -> TokenSet:
        params = {"grant_type": "th_refresh_token", "access_token": tokens.access_token}
        body = _token_request(self.platform, self.http, "GET", self.token_url, params=params)
        return TokenSet(
            access_token=str(body["access_token"]),
            expires_at=_expiry(self.clock(), body.get("expires_in")),
            scope=tokens.scope,
        )


def _token_request(
    platform: str, http: httpx.Client, method: str, url: str, **kwargs: Any
) -> dict[str, Any]:
    """Call a token endpoint: a refusal is TokenRevokedError, a network/5xx failure retryable."""
    try:
        response = http.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise PublishError(
            platform, f"token refresh at {url} failed on the network: {exc}", retryable=True
        ) from exc
    body = response_json(response)
    if response.status_code >= 500 or response.status_code == 429:
        raise PublishError(
            platform,
            f"token refresh at {url} failed ({response.status_code})",
            retryable=True,
            status_code=response.status_code,
            response_json=body,
        )
    if not response.is_success or not isinstance(body, dict) or not body.get("access_token"):
        raise TokenRevokedError(
            platform,
            f"token refresh was refused ({response.status_code}): {str(body)[:300]}; "
            "the creator must reconnect the account",
            status_code=response.status_code,
            response_json=body,
        )
    return body


class RefreshingTokenProvider:
    """A TokenProvider over a stored TokenSet that refreshes `skew` before expiry.

    `on_refreshed` receives every new TokenSet so the caller can re-encrypt and store it before
    the old one is thrown away (TikTok and LinkedIn rotate refresh tokens).
    """

    def __init__(
        self,
        tokens: TokenSet,
        refresher: OAuthRefresher,
        *,
        on_refreshed: Callable[[TokenSet], None],
        clock: Clock = _utcnow,
        skew: timedelta = timedelta(minutes=5),
    ) -> None:
        self.tokens = tokens
        self.refresher = refresher
        self.on_refreshed = on_refreshed
        self.clock = clock
        self.skew = skew

    def access_token(self) -> str:
        expires_at = self.tokens.expires_at
        if expires_at is not None and expires_at - self.skew <= self.clock():
            return self.refresh()
        return self.tokens.access_token

    def refresh(self) -> str:
        self.tokens = self.refresher.refresh(self.tokens)
        self.on_refreshed(self.tokens)
        return self.tokens.access_token


class StaticTokenProvider:
    """A fixed token that cannot be refreshed (tests, short-lived manual runs)."""

    def __init__(self, token: str, platform: str = "platform") -> None:
        self.token = token
        self.platform = platform

    def access_token(self) -> str:
        return self.token

    def refresh(self) -> str:
        raise TokenRevokedError(self.platform, "this token cannot be refreshed; reconnect")
