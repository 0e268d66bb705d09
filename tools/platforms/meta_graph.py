"""Meta Graph API conventions shared by Instagram, Threads and Facebook.

Meta reports most failures as HTTP 400 with an `error` object, so the status code alone would
misclassify them: code 190 is an expired/invalid token, codes 4/17/32/613 and 9 + subcode
2207042 are rate limits or the publishing cap, `is_transient: true` means retry.
"""

from __future__ import annotations

from typing import Any

import httpx

from tools.platforms.errors import PublishError, RateLimitedError, TokenExpiredError
from tools.platforms.transport import retry_after_seconds

GRAPH_VERSION = "v21.0"
TOKEN_CODES = {102, 190}
RATE_LIMIT_CODES = {4, 17, 32, 613}
PUBLISH_CAP = (9, 2207042)


def meta_error_classifier(platform: str) -> Any:
    """A body classifier for `PlatformHttp` that understands Graph API error objects."""

    def classify(response: httpx.Response, body: Any) -> PublishError | None:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return None
        code = error.get("code")
        subcode = error.get("error_subcode")
        message = str(error.get("message", ""))
        if code in TOKEN_CODES:
            return TokenExpiredError(
                platform,
                f"access token rejected (code {code}): {message}",
                status_code=response.status_code,
                response_json=body,
            )
        if code in RATE_LIMIT_CODES or (code, subcode) == PUBLISH_CAP:
            return RateLimitedError(
                platform,
                f"rate limit or publishing cap (code {code}/{subcode}): {message}",
                retry_after_sec=retry_after_seconds(response) or 3600.0,
                status_code=response.status_code,
                response_json=body,
            )
        if error.get("is_transient") is True:
            return PublishError(
                platform,
                f"transient Graph API error: {message}",
                retryable=True,
                status_code=response.status_code,
                retry_after_sec=retry_after_seconds(response),
                response_json=body,
            )
        return None

    return classify
