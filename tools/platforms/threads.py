"""Threads video posts through the Threads API.

`GET /{threads-user-id}/threads_publishing_limit` (250 posts per 24 h), `POST
/{threads-user-id}/threads` with `media_type=VIDEO`, `video_url` and `text` (≤500 characters,
one topic tag), poll `GET /{container-id}?fields=status,error_message` until `FINISHED`, then
`POST /{threads-user-id}/threads_publish` with `creation_id`. Like Instagram, Threads fetches the
video from `public_url_for(path)`.
"""

from __future__ import annotations

import httpx

from tools.platforms.base import ReelUpload
from tools.platforms.limits import RateLimiter
from tools.platforms.meta_containers import MetaContainerPublisher, PublicUrlFor
from tools.platforms.meta_graph import meta_error_classifier
from tools.platforms.polling import PollPolicy

THREADS_BASE_URL = "https://graph.threads.net/v1.0"


class ThreadsPublisher(MetaContainerPublisher):
    """Publishes video posts to one Threads profile (`threads_user_id`)."""

    platform = "threads"
    classify_body = staticmethod(meta_error_classifier("threads"))
    create_edge = "threads"
    publish_edge = "threads_publish"
    limit_edge = "threads_publishing_limit"
    status_field = "status"
    text_field = "text"

    def __init__(
        self,
        *,
        http: httpx.Client,
        threads_user_id: str,
        public_url_for: PublicUrlFor | None,
        base_url: str = THREADS_BASE_URL,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
    ) -> None:
        super().__init__(
            http=http,
            user_id=threads_user_id,
            public_url_for=public_url_for,
            base_url=base_url,
            limiter=limiter,
            poll=poll,
        )

    def _container_params(self, reel: ReelUpload, video_url: str) -> dict[str, str]:
        return {"media_type": "VIDEO", "video_url": video_url, "text": self.text_for(reel).caption}
