"""HTTP responses and platform error bodies mapped to retryable/permanent errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from tools.platforms.errors import PublishError, RateLimitedError, TokenExpiredError
from tools.platforms.meta_graph import meta_error_classifier
from tools.platforms.tiktok import tiktok_error_classifier
from tools.platforms.transport import BodyClassifier, classify_response
from tools.platforms.youtube import google_error_classifier


def _response(
    status: int, body: Any = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request("POST", "https://api.example.test/v1/thing")
    return httpx.Response(status, json=body, headers=headers, request=request)


def _classify(
    status: int,
    body: Any = None,
    headers: dict[str, str] | None = None,
    classifier: BodyClassifier | None = None,
) -> PublishError:
    return classify_response("p", _response(status, body, headers), classifier)


def test_server_errors_are_retryable_with_retry_after() -> None:
    error = _classify(503, {"x": 1}, {"Retry-After": "12"})
    assert error.retryable and error.status_code == 503 and error.retry_after_sec == 12.0


def test_429_reads_an_http_date_retry_after() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    error = _classify(429, None, {"Retry-After": when})
    assert isinstance(error, RateLimitedError)
    assert error.retry_after_sec is not None and 80 <= error.retry_after_sec <= 90


def test_401_means_refresh_and_other_4xx_are_permanent() -> None:
    assert isinstance(_classify(401), TokenExpiredError)
    refused = _classify(400, {"error": "bad title"})
    assert not refused.retryable and "bad title" in refused.message
    assert "POST /v1/thing" in refused.message


@pytest.mark.parametrize(
    ("body", "kind", "retryable"),
    [
        ({"error": {"code": 190, "message": "expired"}}, TokenExpiredError, True),
        (
            {"error": {"code": 9, "error_subcode": 2207042, "message": "cap"}},
            RateLimitedError,
            True,
        ),
        ({"error": {"code": 4, "message": "app limit"}}, RateLimitedError, True),
        ({"error": {"code": 2, "is_transient": True, "message": "try"}}, PublishError, True),
        ({"error": {"code": 100, "message": "Invalid parameter"}}, PublishError, False),
    ],
)
def test_meta_error_codes(body: Any, kind: type[PublishError], retryable: bool) -> None:
    error = _classify(400, body, classifier=meta_error_classifier("instagram"))
    assert type(error) is kind and error.retryable is retryable


def test_google_quota_403_is_retry_later() -> None:
    body = {"error": {"code": 403, "errors": [{"reason": "quotaExceeded"}]}}
    error = _classify(403, body, classifier=google_error_classifier)
    assert isinstance(error, RateLimitedError) and error.retry_after_sec == 3600.0
    forbidden = {"error": {"code": 403, "errors": [{"reason": "forbidden"}]}}
    assert not _classify(403, forbidden, classifier=google_error_classifier).retryable


def test_tiktok_error_codes() -> None:
    def tiktok(code: str, status: int = 400) -> PublishError:
        return _classify(
            status, {"error": {"code": code, "message": "m"}}, classifier=tiktok_error_classifier
        )

    assert isinstance(tiktok("access_token_invalid", 401), TokenExpiredError)
    assert isinstance(tiktok("spam_risk_too_many_posts", 403), RateLimitedError)
    assert not tiktok("privacy_level_option_mismatch").retryable


def test_error_json_is_storable() -> None:
    error = _classify(500, {"a": 1})
    stored = error.to_json()
    assert stored["retryable"] is True and stored["status_code"] == 500
    assert stored["type"] == "PublishError"
