"""YouTube Analytics API (``youtubeAnalytics/v2/reports``) for one video's lifetime numbers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx

from tools.analytics.metrics import PostMetrics, make_metrics
from tools.platforms.base import TokenProvider
from tools.platforms.errors import PublishError
from tools.platforms.transport import PlatformHttp

REPORT_METRICS = (
    "views",
    "likes",
    "comments",
    "shares",
    "videosAddedToPlaylists",
    "estimatedMinutesWatched",
    "averageViewPercentage",
    "subscribersGained",
    "subscribersLost",
    "videoThumbnailImpressions",
    "videoThumbnailImpressionsClickRate",
)
FIRST_DAY = date(2005, 4, 23)  # the first YouTube upload; "since ever" for a lifetime report


def utc_today() -> date:
    return datetime.now(UTC).date()


class YouTubeInsights:
    """``base_url`` is the API origin (``https://youtubeanalytics.googleapis.com`` for real)."""

    platform = "youtube_shorts"

    def __init__(
        self,
        base_url: str,
        tokens: TokenProvider,
        http: httpx.Client,
        *,
        today: Callable[[], date] = utc_today,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.http = PlatformHttp(self.platform, http)
        self.today = today

    def fetch(self, platform_post_id: str) -> PostMetrics:
        params = {
            "ids": "channel==MINE",
            "startDate": FIRST_DAY.isoformat(),
            "endDate": self.today().isoformat(),
            "metrics": ",".join(REPORT_METRICS),
            "filters": f"video=={platform_post_id}",
        }

        def build(token: str) -> tuple[str, str, dict[str, Any]]:
            return (
                "GET",
                f"{self.base_url}/youtubeAnalytics/v2/reports",
                {"params": params, "headers": {"Authorization": f"Bearer {token}"}},
            )

        body = self.http.authorized(self.tokens, build).json()
        headers = [str(h.get("name")) for h in body.get("columnHeaders", [])]
        rows = body.get("rows") or []
        if not rows:
            raise PublishError(
                self.platform,
                f"no analytics rows for video {platform_post_id!r} (not yet processed?)",
                retryable=True,
            )
        row: dict[str, float] = {
            name: float(value) for name, value in zip(headers, rows[0], strict=False)
        }
        click_rate = row.get("videoThumbnailImpressionsClickRate")
        average_view = row.get("averageViewPercentage")
        return make_metrics(
            views=row.get("views", 0),
            impressions=row.get("videoThumbnailImpressions"),
            likes=row.get("likes", 0),
            comments=row.get("comments", 0),
            shares=row.get("shares", 0),
            saves=row.get("videosAddedToPlaylists", 0),
            watch_time_sec=row.get("estimatedMinutesWatched", 0) * 60,
            ctr=click_rate / 100 if click_rate is not None else None,
            followers_delta=row.get("subscribersGained", 0) - row.get("subscribersLost", 0),
            retention=average_view / 100 if average_view is not None else None,
        )
