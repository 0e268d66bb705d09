"""LinkedIn video posts through the versioned REST API (Videos API + Posts API).

`POST /rest/videos?action=initializeUpload` (owner URN, fileSizeBytes, uploadThumbnail) returns
the video URN, an uploadToken and one `uploadUrl` per byte range; each part is `PUT` and its
`ETag` kept; `POST /rest/videos?action=finalizeUpload` with the ETags in order; wait for
`GET /rest/videos/{urn}` to report `AVAILABLE`; then `POST /rest/posts` whose `x-restli-id`
response header is the post URN. Every call carries `LinkedIn-Version: YYYYMM` and
`X-Restli-Protocol-Version: 2.0.0`.

Resume: parts already holding an ETag are not sent again. Creating the post is the one step
without a platform idempotency key, so the session records that the call was sent; a retry
first looks for a post by the same author whose media is this video URN and returns it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from tools.platforms.api_publisher import ApiPublisher, image_content_type, read_range
from tools.platforms.base import (
    PublishResult,
    ReelUpload,
    SessionSink,
    TokenProvider,
    UploadedPart,
    UploadSession,
)
from tools.platforms.errors import PublishError
from tools.platforms.limits import RateLimiter
from tools.platforms.polling import PollPolicy, poll_until
from tools.platforms.transport import response_json

LINKEDIN_BASE_URL = "https://api.linkedin.com"
LINKEDIN_VERSION = "202411"


class LinkedInPublisher(ApiPublisher):
    """Posts videos as `owner_urn` (``urn:li:person:…`` or ``urn:li:organization:…``)."""

    platform = "linkedin"

    def __init__(
        self,
        *,
        http: httpx.Client,
        owner_urn: str,
        base_url: str = LINKEDIN_BASE_URL,
        api_version: str = LINKEDIN_VERSION,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
        max_chunk_retries: int = 3,
    ) -> None:
        if not owner_urn.startswith(("urn:li:person:", "urn:li:organization:")):
            raise ValueError(f"owner_urn {owner_urn!r} must be a person or organization URN")
        super().__init__(http=http, limiter=limiter, poll=poll, max_chunk_retries=max_chunk_retries)
        self.owner_urn = owner_urn
        self.base_url = base_url.rstrip("/")
        self.api_version = api_version

    def _headers(self, token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": self.api_version,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def _rest(self, tokens: TokenProvider, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url = f"{self.base_url}{path}"
        return self.api.authorized(
            tokens, lambda token: (method, url, {"headers": self._headers(token), **kwargs})
        )

    def _publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        if session is None:
            self.limiter.acquire_post()
            session = self._initialize(reel, tokens)
            on_session(session)
        if session.stage == "uploading":
            session = self._upload_parts(reel, session, on_session)
            session = self._upload_thumbnail(reel, session, on_session)
            self._rest(
                tokens,
                "POST",
                "/rest/videos",
                params={"action": "finalizeUpload"},
                json={
                    "finalizeUploadRequest": {
                        "video": session.remote_id,
                        "uploadToken": session.upload_token or "",
                        "uploadedPartIds": [p.etag for p in session.parts],
                    }
                },
            )
            session = session.model_copy(update={"stage": "processing"})
            on_session(session)
        video_urn = session.remote_id or ""
        if session.stage == "processing":
            self._wait_available(tokens, video_urn)
            session = session.model_copy(update={"stage": "publishing"})
            on_session(session)
        if session.extra.get("post_sent") == "1":
            existing = self._find_post(tokens, video_urn)
            if existing is not None:
                return self._finish(
                    session,
                    on_session,
                    post_id=existing,
                    url=_post_url(existing),
                    response={"id": existing, "recovered": True},
                )
        session = session.model_copy(update={"extra": {**session.extra, "post_sent": "1"}})
        on_session(session)
        response = self._rest(tokens, "POST", "/rest/posts", json=self._post_body(reel, video_urn))
        post_urn = response.headers.get("x-restli-id")
        if not post_urn:
            raise PublishError(
                self.platform,
                "post created without an x-restli-id header",
                retryable=False,
                status_code=response.status_code,
            )
        return self._finish(
            session,
            on_session,
            post_id=post_urn,
            url=_post_url(post_urn),
            response={"id": post_urn, "video": video_urn},
        )

    def _initialize(self, reel: ReelUpload, tokens: TokenProvider) -> UploadSession:
        response = self._rest(
            tokens,
            "POST",
            "/rest/videos",
            params={"action": "initializeUpload"},
            json={
                "initializeUploadRequest": {
                    "owner": self.owner_urn,
                    "fileSizeBytes": reel.size_bytes,
                    "uploadCaptions": False,
                    "uploadThumbnail": reel.cover_path is not None,
                }
            },
        )
        body = response_json(response)
        value = body.get("value", {}) if isinstance(body, dict) else {}
        instructions = value.get("uploadInstructions") or []
        if not value.get("video") or not instructions:
            raise PublishError(
                self.platform,
                f"initializeUpload returned no video/parts: {body}",
                retryable=True,
                response_json=body,
            )
        parts = [
            UploadedPart(
                first_byte=int(i["firstByte"]),
                last_byte=int(i["lastByte"]),
                upload_url=str(i["uploadUrl"]),
            )
            for i in instructions
        ]
        extra = {}
        if value.get("thumbnailUploadUrl"):
            extra["thumbnail_upload_url"] = str(value["thumbnailUploadUrl"])
        return self._new_session(
            reel,
            stage="uploading",
            remote_id=str(value["video"]),
            upload_token=str(value.get("uploadToken") or ""),
            parts=parts,
            extra=extra,
        )

    def _put_with_retries(self, url: str, content: bytes, content_type: str) -> httpx.Response:
        failures = 0
        while True:
            try:
                return self.api.send(
                    "PUT", url, headers={"Content-Type": content_type}, content=content
                )
            except PublishError as exc:
                if not exc.retryable or failures >= self.max_chunk_retries:
                    raise
                failures += 1
                self.poll.sleep(exc.retry_after_sec or min(30.0, 2.0**failures))

    def _upload_parts(
        self, reel: ReelUpload, session: UploadSession, on_session: SessionSink
    ) -> UploadSession:
        for index, part in enumerate(session.parts):
            if part.etag:
                continue
            data = read_range(reel.video_path, part.first_byte, part.last_byte + 1)
            response = self._put_with_retries(part.upload_url, data, "application/octet-stream")
            etag = response.headers.get("etag")
            if not etag:
                raise PublishError(
                    self.platform,
                    f"part {index} was accepted without an ETag",
                    retryable=True,
                    status_code=response.status_code,
                )
            parts = list(session.parts)
            parts[index] = part.model_copy(update={"etag": etag})
            session = session.model_copy(
                update={"parts": parts, "bytes_done": session.bytes_done + len(data)}
            )
            on_session(session)
        return session

    def _upload_thumbnail(
        self, reel: ReelUpload, session: UploadSession, on_session: SessionSink
    ) -> UploadSession:
        url = session.extra.get("thumbnail_upload_url")
        if reel.cover_path is None or not url or session.extra.get("thumbnail") == "set":
            return session
        self._put_with_retries(
            url, reel.cover_path.read_bytes(), image_content_type(reel.cover_path)
        )
        session = session.model_copy(update={"extra": {**session.extra, "thumbnail": "set"}})
        on_session(session)
        return session

    def _wait_available(self, tokens: TokenProvider, video_urn: str) -> None:
        def check() -> str | None:
            body = response_json(self._rest(tokens, "GET", f"/rest/videos/{quote(video_urn, '')}"))
            status = str(body.get("status", "")) if isinstance(body, dict) else ""
            if status == "PROCESSING_FAILED":
                raise PublishError(
                    self.platform,
                    f"video {video_urn} failed processing: {body}",
                    retryable=False,
                    response_json=body,
                )
            return status if status == "AVAILABLE" else None

        poll_until(self.platform, f"video {video_urn}", check, self.poll)

    def _find_post(self, tokens: TokenProvider, video_urn: str) -> str | None:
        body = response_json(
            self._rest(
                tokens,
                "GET",
                "/rest/posts",
                params={"q": "author", "author": self.owner_urn, "count": "20"},
            )
        )
        for element in body.get("elements", []) if isinstance(body, dict) else []:
            if element.get("content", {}).get("media", {}).get("id") == video_urn:
                return str(element["id"])
        return None

    def _post_body(self, reel: ReelUpload, video_urn: str) -> dict[str, Any]:
        return {
            "author": self.owner_urn,
            "commentary": self.text_for(reel).caption,
            "visibility": "PUBLIC" if reel.options.privacy == "public" else "CONNECTIONS",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": {"media": {"title": reel.title or reel.idempotency_key, "id": video_urn}},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }


def _post_url(post_urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{post_urn}/"
