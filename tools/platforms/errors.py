"""Publishing failures, classified so the durable process knows whether to retry.

The publisher process never inspects HTTP details: it looks at `retryable` and `retry_after_sec`
(back off and retry), at `TokenExpiredError` (refresh, then retry) and `TokenRevokedError` (mark
the integration revoked and notify the creator).
"""

from __future__ import annotations


class PublishError(Exception):
    """A publish step failed; `retryable` says whether trying again later can succeed."""

    def __init__(
        self,
        platform: str,
        message: str,
        *,
        retryable: bool,
        status_code: int | None = None,
        retry_after_sec: float | None = None,
        response_json: object | None = None,
    ) -> None:
        super().__init__(f"{platform}: {message}")
        self.platform = platform
        self.message = message
        self.retryable = retryable
        self.status_code = status_code
        self.retry_after_sec = retry_after_sec
        self.response_json = response_json

    def to_json(self) -> dict[str, object]:
        """The shape stored in `PublisherTask.error_json`."""
        return {
            "type": type(self).__name__,
            "platform": self.platform,
            "message": self.message,
            "retryable": self.retryable,
            "status_code": self.status_code,
            "retry_after_sec": self.retry_after_sec,
            "response": self.response_json,
        }


class TokenExpiredError(PublishError):
    """The platform rejected the access token; retryable once the token is refreshed."""

    def __init__(
        self,
        platform: str,
        message: str,
        *,
        status_code: int | None = None,
        response_json: object | None = None,
    ) -> None:
        super().__init__(
            platform, message, retryable=True, status_code=status_code, response_json=response_json
        )


class TokenRevokedError(PublishError):
    """Refreshing failed for good (revoked, expired refresh token): the creator must reconnect."""

    def __init__(
        self,
        platform: str,
        message: str,
        *,
        status_code: int | None = None,
        response_json: object | None = None,
    ) -> None:
        super().__init__(
            platform, message, retryable=False, status_code=status_code, response_json=response_json
        )


class RateLimitedError(PublishError):
    """A rate limit or daily publishing cap was hit; retry after `retry_after_sec`."""

    def __init__(
        self,
        platform: str,
        message: str,
        *,
        retry_after_sec: float | None,
        status_code: int | None = None,
        response_json: object | None = None,
    ) -> None:
        super().__init__(
            platform,
            message,
            retryable=True,
            status_code=status_code,
            retry_after_sec=retry_after_sec,
            response_json=response_json,
        )


class PrecheckFailedError(PublishError):
    """The reel breaks a platform rule (duration, aspect, text, options); nothing was uploaded."""

    def __init__(self, platform: str, problems: list[str]) -> None:
        super().__init__(platform, "pre-check failed: " + "; ".join(problems), retryable=False)
        self.problems = problems
