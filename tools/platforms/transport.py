"""Sending one HTTP request to a platform and turning every failure into a classified error.

The mapping is the contract with the durable publisher process: transport failures (timeouts,
dropped connections), 5xx and 429 are retryable (honouring Retry-After), 401 is an expired token
(refresh then retry), other 4xx are permanent. Each client may pass `classify_body` to read the
platform's own error codes first (Meta's code 190, Google's quotaExceeded, TikTok's
access_token_invalid), because several platforms report auth or quota problems as 400/403.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from tools.platforms.base import TokenProvider
from tools.platforms.errors import (
    PublishError,
    RateLimitedError,
    TokenExpiredError,
)

BodyClassifier = Callable[[httpx.Response, Any], PublishError | None]


def response_json(response: httpx.Response) -> Any:
    """The decoded body, or the raw text when it is not JSON (error reports keep it either way)."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {"text": response.text[:2000]}


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Retry-After as seconds, accepting both the delta-seconds and the HTTP-date forms."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def classify_response(
    platform: str, response: httpx.Response, classify_body: BodyClassifier | None = None
) -> PublishError:
    """The error a non-success response stands for."""
    body = response_json(response)
    if classify_body is not None:
        specific = classify_body(response, body)
        if specific is not None:
            return specific
    status = response.status_code
    where = f"{response.request.method} {response.request.url.path}"
    if status == 401:
        return TokenExpiredError(
            platform,
            f"{where} rejected the access token (401)",
            status_code=status,
            response_json=body,
        )
    if status == 429:
        return RateLimitedError(
            platform,
            f"{where} was rate limited (429)",
            retry_after_sec=retry_after_seconds(response),
            status_code=status,
            response_json=body,
        )
    if status >= 500:
        return PublishError(
            platform,
            f"{where} failed with a server error ({status})",
            retryable=True,
            status_code=status,
            retry_after_sec=retry_after_seconds(response),
            response_json=body,
        )
    return PublishError(
        platform,
        f"{where} was refused ({status}): {_short(body)}",
        retryable=False,
        status_code=status,
        response_json=body,
    )


def _short(body: Any) -> str:
    return json.dumps(body, default=str)[:300]


class PlatformHttp:
    """One platform's HTTP calls: error classification plus one refresh-and-retry on 401."""

    def __init__(
        self,
        platform: str,
        http: httpx.Client,
        *,
        classify_body: BodyClassifier | None = None,
    ) -> None:
        self.platform = platform
        self.http = http
        self.classify_body = classify_body

    def send(
        self,
        method: str,
        url: str,
        *,
        ok: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> httpx.Response:
        """Send without auth handling; raise a classified PublishError unless 2xx or in `ok`."""
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise PublishError(
                self.platform, f"{method} {_path(url)} timed out: {exc}", retryable=True
            ) from exc
        except httpx.TransportError as exc:
            raise PublishError(
                self.platform,
                f"{method} {_path(url)} lost the connection: {type(exc).__name__}: {exc}",
                retryable=True,
            ) from exc
        if response.is_success or response.status_code in ok:
            return response
        raise classify_response(self.platform, response, self.classify_body)

    def authorized(
        self,
        tokens: TokenProvider,
        build: Callable[[str], tuple[str, str, dict[str, Any]]],
        *,
        ok: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """Send the request `build(token)` describes; on an expired token refresh once and retry.

        `build` returns (method, url, httpx keyword arguments) so the token can sit wherever the
        platform wants it (Authorization header, `access_token` parameter, `OAuth` header).
        """
        method, url, kwargs = build(tokens.access_token())
        try:
            return self.send(method, url, ok=ok, **kwargs)
        except TokenExpiredError:
            fresh = tokens.refresh()
        method, url, kwargs = build(fresh)
        return self.send(method, url, ok=ok, **kwargs)


def _path(url: str) -> str:
    return httpx.URL(url).path
