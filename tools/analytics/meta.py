"""Meta Graph API insights: Instagram media, Threads posts and Facebook Reels.

All three answer ``{"data": [{"name": …, "values": [{"value": …}]}]}`` with the access token as
a query parameter, and report errors as Graph API error objects (shared classifier).
"""

from __future__ import annotations

from typing import Any

import httpx

from tools.analytics.metrics import PostMetrics, make_metrics
from tools.platforms.base import TokenProvider
from tools.platforms.meta_graph import meta_error_classifier
from tools.platforms.transport import PlatformHttp

INSTAGRAM_METRICS = (
    "views",
    "reach",
    "likes",
    "comments",
    "shares",
    "saved",
    "follows",
    "ig_reels_video_view_total_time",
)
THREADS_METRICS = ("views", "likes", "replies", "reposts", "quotes", "shares")
FACEBOOK_METRICS = (
    "blue_reels_play_count",
    "post_impressions_unique",
    "post_video_likes_by_reaction_type",
    "post_video_social_actions",
    "post_video_view_time",
    "post_video_followers",
)


def _values(body: Any) -> dict[str, Any]:
    """``{metric name: lifetime value}`` from a Graph insights response."""
    found: dict[str, Any] = {}
    for entry in body.get("data", []) if isinstance(body, dict) else []:
        values = entry.get("values") or [{}]
        found[str(entry.get("name"))] = values[-1].get("value", 0)
    return found


def _number(values: dict[str, Any], name: str) -> float:
    value = values.get(name, 0)
    if isinstance(value, dict):  # breakdowns such as reactions by type
        return float(sum(v for v in value.values() if isinstance(v, int | float)))
    return float(value) if isinstance(value, int | float) else 0.0


class _GraphInsights:
    platform = ""
    edge = "insights"
    metric_names: tuple[str, ...] = ()

    def __init__(self, base_url: str, tokens: TokenProvider, http: httpx.Client) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.http = PlatformHttp(
            self.platform, http, classify_body=meta_error_classifier(self.platform)
        )

    def _fetch_values(self, object_id: str) -> dict[str, Any]:
        def build(token: str) -> tuple[str, str, dict[str, Any]]:
            params = {"metric": ",".join(self.metric_names), "access_token": token}
            return "GET", f"{self.base_url}/{object_id}/{self.edge}", {"params": params}

        return _values(self.http.authorized(self.tokens, build).json())


class InstagramInsights(_GraphInsights):
    """``GET /{ig-media-id}/insights`` (Reels metrics; reach stands in for impressions)."""

    platform = "instagram"
    metric_names = INSTAGRAM_METRICS

    def fetch(self, platform_post_id: str) -> PostMetrics:
        v = self._fetch_values(platform_post_id)
        return make_metrics(
            views=_number(v, "views"),
            impressions=_number(v, "reach") or None,
            likes=_number(v, "likes"),
            comments=_number(v, "comments"),
            shares=_number(v, "shares"),
            saves=_number(v, "saved"),
            watch_time_sec=_number(v, "ig_reels_video_view_total_time") / 1000,
            followers_delta=_number(v, "follows"),
        )


class ThreadsInsights(_GraphInsights):
    """``GET /{threads-media-id}/insights``; reposts and quotes count as shares."""

    platform = "threads"
    metric_names = THREADS_METRICS

    def fetch(self, platform_post_id: str) -> PostMetrics:
        v = self._fetch_values(platform_post_id)
        return make_metrics(
            views=_number(v, "views"),
            likes=_number(v, "likes"),
            comments=_number(v, "replies"),
            shares=_number(v, "reposts") + _number(v, "quotes") + _number(v, "shares"),
        )


class FacebookInsights(_GraphInsights):
    """``GET /{video-id}/video_insights`` for a Page Reel."""

    platform = "facebook"
    edge = "video_insights"
    metric_names = FACEBOOK_METRICS

    def fetch(self, platform_post_id: str) -> PostMetrics:
        v = self._fetch_values(platform_post_id)
        social = v.get("post_video_social_actions")
        social = social if isinstance(social, dict) else {}
        return make_metrics(
            views=_number(v, "blue_reels_play_count"),
            impressions=_number(v, "post_impressions_unique") or None,
            likes=_number(v, "post_video_likes_by_reaction_type"),
            comments=float(social.get("COMMENT", 0)),
            shares=float(social.get("SHARE", 0)),
            watch_time_sec=_number(v, "post_video_view_time") / 1000,
            followers_delta=_number(v, "post_video_followers"),
        )
