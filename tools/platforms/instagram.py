"""Instagram Reels through the Instagram Graph API content publishing flow.

`GET /{ig-user-id}/content_publishing_limit` first (refuse when the 24-hour quota is used), then
`POST /{ig-user-id}/media` with `media_type=REELS`, `video_url`, `caption`, `share_to_feed` and
`cover_url` or `thumb_offset`; poll `GET /{container-id}?fields=status_code` until `FINISHED`
(`ERROR` is permanent); `POST /{ig-user-id}/media_publish` with `creation_id`.

Instagram downloads the video itself, so `video_url` must be reachable from the internet:
`public_url_for(path)` maps the local reel (and cover) to such a URL — e.g. a media store on an
S3-compatible bucket with a public or pre-signed URL. Without it the pre-check fails.
"""

from __future__ import annotations

import httpx

from tools.platforms.base import ReelUpload
from tools.platforms.limits import RateLimiter
from tools.platforms.meta_containers import MetaContainerPublisher, PublicUrlFor
from tools.platforms.meta_graph import GRAPH_VERSION, meta_error_classifier
from tools.platforms.polling import PollPolicy

INSTAGRAM_BASE_URL = f"https://graph.facebook.com/{GRAPH_VERSION}"


class InstagramPublisher(MetaContainerPublisher):
    """Publishes Reels to one Instagram professional account (`ig_user_id`)."""

    platform = "instagram"
    classify_body = staticmethod(meta_error_classifier("instagram"))
    create_edge = "media"
    publish_edge = "media_publish"
    limit_edge = "content_publishing_limit"
    status_field = "status_code"
    text_field = "caption"

    def __init__(
        self,
        *,
        http: httpx.Client,
        ig_user_id: str,
        public_url_for: PublicUrlFor | None,
        base_url: str = INSTAGRAM_BASE_URL,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
    ) -> None:
        super().__init__(
            http=http,
            user_id=ig_user_id,
            public_url_for=public_url_for,
            base_url=base_url,
            limiter=limiter,
            poll=poll,
        )

    def _container_params(self, reel: ReelUpload, video_url: str) -> dict[str, str]:
        params = {
            "media_type": "REELS",
            "video_url": video_url,
            "caption": self.text_for(reel).caption,
            "share_to_feed": "true" if reel.options.share_to_feed else "false",
        }
        if reel.cover_path is not None and self.public_url_for is not None:
            params["cover_url"] = self.public_url_for(reel.cover_path)
        elif reel.options.cover_offset_ms is not None:
            params["thumb_offset"] = str(reel.options.cover_offset_ms)
        return params
