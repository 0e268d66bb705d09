"""TikTok Display API video query (``POST /v2/video/query/``) for one video's counters.

TikTok reports views and interactions only: impressions fall back to views, and there is no
watch time or follower attribution per video.
"""

from __future__ import annotations

from typing import Any

import httpx

from tools.analytics.metrics import PostMetrics, make_metrics
from tools.platforms.base import TokenProvider
from tools.platforms.errors import PublishError
from tools.platforms.transport import PlatformHttp

FIELDS = "id,view_count,like_count,comment_count,share_count"


class TikTokInsights:
    """``base_url`` is the API origin (``https://open.tiktokapis.com`` for real)."""

    platform = "tiktok"

    def __init__(self, base_url: str, tokens: TokenProvider, http: httpx.Client) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.http = PlatformHttp(self.platform, http)

    def fetch(self, platform_post_id: str) -> PostMetrics:
        def build(token: str) -> tuple[str, str, dict[str, Any]]:
            return (
                "POST",
                f"{self.base_url}/v2/video/query/",
                {
                    "params": {"fields": FIELDS},
                    "json": {"filters": {"video_ids": [platform_post_id]}},
                    "headers": {"Authorization": f"Bearer {token}"},
                },
            )

        body = self.http.authorized(self.tokens, build).json()
        error = body.get("error") or {}
        if error.get("code", "ok") != "ok":
            raise PublishError(
                self.platform,
                f"video query refused: {error.get('code')}: {error.get('message', '')}",
                retryable=False,
                response_json=body,
            )
        videos = [v for v in (body.get("data") or {}).get("videos", []) if isinstance(v, dict)]
        video = next((v for v in videos if str(v.get("id")) == platform_post_id), None)
        if video is None:
            raise PublishError(
                self.platform,
                f"video {platform_post_id!r} not found by video query",
                retryable=False,
            )
        return make_metrics(
            views=float(video.get("view_count", 0)),
            likes=float(video.get("like_count", 0)),
            comments=float(video.get("comment_count", 0)),
            shares=float(video.get("share_count", 0)),
        )
