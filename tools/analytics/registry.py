"""Which insights client serves which platform, built from explicit base URLs and tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import httpx

from tools.analytics.base import InsightsClient
from tools.analytics.linkedin import LinkedInInsights
from tools.analytics.meta import FacebookInsights, InstagramInsights, ThreadsInsights
from tools.analytics.tiktok import TikTokInsights
from tools.analytics.youtube import YouTubeInsights, utc_today
from tools.platforms.base import TokenProvider

DEFAULT_BASE_URLS = {
    "youtube_shorts": "https://youtubeanalytics.googleapis.com",
    "instagram": "https://graph.instagram.com/v21.0",
    "threads": "https://graph.threads.net/v1.0",
    "facebook": "https://graph.facebook.com/v21.0",
    "tiktok": "https://open.tiktokapis.com",
    "linkedin": "https://api.linkedin.com",
}


class UnknownInsightsPlatformError(ValueError):
    """No insights client exists for the platform named."""


def make_insights_client(
    platform: str,
    tokens: TokenProvider,
    http: httpx.Client,
    *,
    base_url: str | None = None,
    today: Callable[[], date] = utc_today,
) -> InsightsClient:
    """The client for ``platform`` (``youtube`` and ``youtube_shorts`` are the same API)."""
    name = "youtube_shorts" if platform == "youtube" else platform
    if name not in DEFAULT_BASE_URLS:
        raise UnknownInsightsPlatformError(
            f"platform {platform!r} has no insights client; known: {sorted(DEFAULT_BASE_URLS)}"
        )
    url = base_url or DEFAULT_BASE_URLS[name]
    if name == "youtube_shorts":
        return YouTubeInsights(url, tokens, http, today=today)
    if name == "instagram":
        return InstagramInsights(url, tokens, http)
    if name == "threads":
        return ThreadsInsights(url, tokens, http)
    if name == "facebook":
        return FacebookInsights(url, tokens, http)
    if name == "tiktok":
        return TikTokInsights(url, tokens, http)
    return LinkedInInsights(url, tokens, http)
