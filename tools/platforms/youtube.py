"""YouTube Shorts through the Data API v3 resumable upload protocol.

Flow: `POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status` with the video
resource (snippet: title, description, tags, categoryId; status: privacyStatus,
selfDeclaredMadeForKids, containsSyntheticMedia) → `Location` session URI; chunked `PUT`s with
`Content-Range` (each a multiple of 256 KiB) answered by `308` + `Range` until `200/201` returns
the video; then `POST /upload/youtube/v3/thumbnails/set?videoId=…` with the cover.

Resume: a saved `uploading` session is first queried with an empty `PUT` and
`Content-Range: bytes */SIZE`; `308` + `Range: bytes=0-N` means continue from N+1, `200/201`
means the upload had completed (the video exists) and only the thumbnail step remains. The video
exists once the last chunk is accepted, so resuming can never create a second one.
"""

from __future__ import annotations

from typing import Any

import httpx

from tools.platforms.api_publisher import ApiPublisher, image_content_type, read_range
from tools.platforms.base import (
    PrecheckProblem,
    PublishResult,
    ReelUpload,
    SessionSink,
    TokenProvider,
    UploadSession,
)
from tools.platforms.errors import PublishError, RateLimitedError, TokenExpiredError
from tools.platforms.limits import RateLimiter
from tools.platforms.polling import PollPolicy
from tools.platforms.transport import response_json

YOUTUBE_BASE_URL = "https://www.googleapis.com"
CHUNK_UNIT = 256 * 1024
RESUME_INCOMPLETE = 308
QUOTA_REASONS = {
    "quotaExceeded",
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "uploadLimitExceeded",
    "dailyLimitExceeded",
}


def google_error_classifier(response: httpx.Response, body: Any) -> PublishError | None:
    """Google reports quota exhaustion as 403 with an error reason; treat it as retry-later."""
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        return None
    reasons = {
        str(item.get("reason"))
        for item in body["error"].get("errors", [])
        if isinstance(item, dict)
    }
    if reasons & QUOTA_REASONS:
        return RateLimitedError(
            "youtube",
            f"quota or rate limit reached: {sorted(reasons & QUOTA_REASONS)}",
            retry_after_sec=3600.0,
            status_code=response.status_code,
            response_json=body,
        )
    return None


def _bytes_received(response: httpx.Response) -> int:
    """Bytes the server holds, from a 308's `Range: bytes=0-N` (absent means none)."""
    value = response.headers.get("range", "")
    if not value.startswith("bytes=") or "-" not in value:
        return 0
    return int(value.split("-", 1)[1]) + 1


class YouTubePublisher(ApiPublisher):
    """Publishes Shorts; `chunk_size` must be a multiple of 256 KiB."""

    platform = "youtube"
    classify_body = staticmethod(google_error_classifier)

    def __init__(
        self,
        *,
        http: httpx.Client,
        base_url: str = YOUTUBE_BASE_URL,
        chunk_size: int = 40 * CHUNK_UNIT,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
        max_chunk_retries: int = 3,
    ) -> None:
        if chunk_size <= 0 or chunk_size % CHUNK_UNIT:
            raise ValueError(f"chunk_size {chunk_size} must be a positive multiple of 262144")
        super().__init__(http=http, limiter=limiter, poll=poll, max_chunk_retries=max_chunk_retries)
        self.base_url = base_url.rstrip("/")
        self.chunk_size = chunk_size

    def _extra_checks(self, reel: ReelUpload) -> list[PrecheckProblem]:
        if reel.options.privacy not in {"public", "unlisted", "private"}:
            return [
                PrecheckProblem(
                    field="options.privacy",
                    message=f"{reel.options.privacy!r} is not a YouTube status",
                )
            ]
        return []

    def _publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        if session is not None and session.stage == "uploading":
            resumed = self._query(session, tokens)
            session = resumed
            if session is not None:
                on_session(session)
        if session is None:
            self.limiter.acquire_post()
            session = self._start(reel, tokens)
            on_session(session)
        if session.stage == "uploading":
            session = self._upload(reel, session, tokens, on_session)
        video_id = session.remote_id
        if video_id is None:
            raise PublishError(self.platform, "upload finished without a video id", retryable=False)
        if reel.cover_path is not None and "thumbnail" not in session.extra:
            session = self._set_thumbnail(reel, session, video_id, tokens)
            on_session(session)
        return self._finish(
            session,
            on_session,
            post_id=video_id,
            url=f"https://www.youtube.com/shorts/{video_id}",
            response={"video_id": video_id, "thumbnail": session.extra.get("thumbnail")},
        )

    def _start(self, reel: ReelUpload, tokens: TokenProvider) -> UploadSession:
        text = self.text_for(reel)
        resource = {
            "snippet": {
                "title": text.title,
                "description": text.caption,
                "tags": list(text.tags),
                "categoryId": reel.options.youtube_category_id,
            },
            "status": {
                "privacyStatus": reel.options.privacy,
                "selfDeclaredMadeForKids": reel.options.made_for_kids,
                "containsSyntheticMedia": reel.options.ai_generated,
            },
        }
        url = f"{self.base_url}/upload/youtube/v3/videos"
        response = self.api.authorized(
            tokens,
            lambda token: (
                "POST",
                url,
                {
                    "params": {"uploadType": "resumable", "part": "snippet,status"},
                    "headers": {
                        "Authorization": f"Bearer {token}",
                        "X-Upload-Content-Length": str(reel.size_bytes),
                        "X-Upload-Content-Type": "video/mp4",
                    },
                    "json": resource,
                },
            ),
        )
        location = response.headers.get("location")
        if not location:
            raise PublishError(
                self.platform,
                "resumable upload started without a Location header",
                retryable=True,
                status_code=response.status_code,
            )
        return self._new_session(
            reel, stage="uploading", upload_url=location, chunk_size=self.chunk_size
        )

    def _query(self, session: UploadSession, tokens: TokenProvider) -> UploadSession | None:
        """Ask the session URI how much it holds; None when the session no longer exists."""
        url = session.upload_url or ""
        try:
            response = self.api.authorized(
                tokens,
                lambda token: (
                    "PUT",
                    url,
                    {
                        "headers": {
                            "Authorization": f"Bearer {token}",
                            "Content-Range": f"bytes */{session.total_bytes}",
                        },
                        "content": b"",
                    },
                ),
                ok=frozenset({RESUME_INCOMPLETE}),
            )
        except PublishError as exc:
            if exc.status_code in {404, 410}:
                return None
            raise
        return self._after_put(session, response)

    def _after_put(self, session: UploadSession, response: httpx.Response) -> UploadSession:
        if response.status_code == RESUME_INCOMPLETE:
            return session.model_copy(update={"bytes_done": _bytes_received(response)})
        body = response_json(response)
        video_id = body.get("id") if isinstance(body, dict) else None
        if not video_id:
            raise PublishError(
                self.platform,
                f"upload completed but no video id: {body}",
                retryable=False,
                response_json=body,
            )
        return session.model_copy(
            update={
                "stage": "uploaded",
                "bytes_done": session.total_bytes,
                "remote_id": str(video_id),
            }
        )

    def _upload(
        self,
        reel: ReelUpload,
        session: UploadSession,
        tokens: TokenProvider,
        on_session: SessionSink,
    ) -> UploadSession:
        failures = 0
        url = session.upload_url or ""
        total = session.total_bytes
        out_of_sync = False
        while session.stage == "uploading":
            try:
                if out_of_sync:
                    queried = self._query(session, tokens)
                    if queried is None:
                        raise PublishError(
                            self.platform,
                            "the resumable session expired mid-upload; a new one will be started",
                            retryable=True,
                        )
                    session, out_of_sync = queried, False
                    on_session(session)
                    continue
                response = self._put_chunk(reel, session, url, total, tokens)
            except PublishError as exc:
                if (
                    not exc.retryable
                    or isinstance(exc, TokenExpiredError)
                    or failures >= self.max_chunk_retries
                ):
                    raise
                failures += 1
                self.poll.sleep(exc.retry_after_sec or min(30.0, 2.0**failures))
                out_of_sync = True
                continue
            session = self._after_put(session, response)
            on_session(session)
        return session

    def _put_chunk(
        self,
        reel: ReelUpload,
        session: UploadSession,
        url: str,
        total: int,
        tokens: TokenProvider,
    ) -> httpx.Response:
        start = session.bytes_done
        end = min(start + self.chunk_size, total)
        chunk = read_range(reel.video_path, start, end)
        return self.api.authorized(
            tokens,
            lambda token: (
                "PUT",
                url,
                {
                    "headers": {
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "video/mp4",
                        "Content-Range": f"bytes {start}-{end - 1}/{total}",
                    },
                    "content": chunk,
                },
            ),
            ok=frozenset({RESUME_INCOMPLETE}),
        )

    def _set_thumbnail(
        self, reel: ReelUpload, session: UploadSession, video_id: str, tokens: TokenProvider
    ) -> UploadSession:
        cover = reel.cover_path
        assert cover is not None
        url = f"{self.base_url}/upload/youtube/v3/thumbnails/set"
        try:
            self.api.authorized(
                tokens,
                lambda token: (
                    "POST",
                    url,
                    {
                        "params": {"videoId": video_id},
                        "headers": {
                            "Authorization": f"Bearer {token}",
                            "Content-Type": image_content_type(cover),
                        },
                        "content": cover.read_bytes(),
                    },
                ),
            )
        except PublishError as exc:
            if exc.retryable:
                raise
            # The Short already exists; a refused custom thumbnail (e.g. an unverified channel)
            # must not fail or repeat the post, so it is recorded and publishing completes.
            return session.model_copy(
                update={"extra": {**session.extra, "thumbnail": f"refused: {exc.message}"}}
            )
        return session.model_copy(update={"extra": {**session.extra, "thumbnail": "set"}})
