"""LinkedIn member post analytics (``/rest/memberCreatorPostAnalytics``) and video analytics.

LinkedIn answers one metric per query, so a fetch is one request per metric type; video views
and watch time come from ``/rest/videoAnalytics``.
"""

from __future__ import annotations

from typing import Any

import httpx

from tools.analytics.metrics import PostMetrics, make_metrics
from tools.platforms.base import TokenProvider
from tools.platforms.transport import PlatformHttp

LINKEDIN_VERSION = "202410"
POST_QUERY_TYPES = ("IMPRESSION", "MEMBERS_REACHED", "REACTION", "COMMENT", "RESHARE")
VIDEO_TYPES = ("VIDEO_VIEW", "TIME_WATCHED")


class LinkedInInsights:
    """``base_url`` is the API origin (``https://api.linkedin.com`` for real)."""

    platform = "linkedin"

    def __init__(self, base_url: str, tokens: TokenProvider, http: httpx.Client) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.http = PlatformHttp(self.platform, http)

    def _count(self, path: str, params: dict[str, str]) -> float:
        def build(token: str) -> tuple[str, str, dict[str, Any]]:
            headers = {
                "Authorization": f"Bearer {token}",
                "LinkedIn-Version": LINKEDIN_VERSION,
                "X-Restli-Protocol-Version": "2.0.0",
            }
            return "GET", f"{self.base_url}{path}", {"params": params, "headers": headers}

        body = self.http.authorized(self.tokens, build).json()
        elements = body.get("elements", []) if isinstance(body, dict) else []
        return float(sum(float(e.get("count", e.get("value", 0))) for e in elements))

    def fetch(self, platform_post_id: str) -> PostMetrics:
        post = {
            kind: self._count(
                "/rest/memberCreatorPostAnalytics",
                {"q": "entity", "entity": platform_post_id, "queryType": kind},
            )
            for kind in POST_QUERY_TYPES
        }
        video = {
            kind: self._count(
                "/rest/videoAnalytics", {"q": "entity", "entity": platform_post_id, "type": kind}
            )
            for kind in VIDEO_TYPES
        }
        return make_metrics(
            views=video["VIDEO_VIEW"],
            impressions=post["IMPRESSION"] or None,
            likes=post["REACTION"],
            comments=post["COMMENT"],
            shares=post["RESHARE"],
            watch_time_sec=video["TIME_WATCHED"] / 1000,
        )
