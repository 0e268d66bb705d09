"""The one interface every platform's insights client implements."""

from __future__ import annotations

from typing import Protocol

from tools.analytics.metrics import PostMetrics


class InsightsClient(Protocol):
    """Reads one published post's metrics from its platform."""

    platform: str

    def fetch(self, platform_post_id: str) -> PostMetrics:
        """The post's lifetime metrics now; raises ``PublishError`` subclasses on failure
        (classified like publishing errors: retryable, expired token, rate limited)."""
        ...
