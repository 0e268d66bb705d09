"""TikTok Direct Post through the Content Posting API.

`POST /v2/post/publish/creator_info/query/` (privacy options, interaction switches, maximum
duration), `POST /v2/post/publish/video/init/` with `post_info` (title, privacy_level from the
creator's options, disable_* switches, `is_aigc` for AI-generated content) and `source_info`
(FILE_UPLOAD, video_size, chunk_size, total_chunk_count), sequential `PUT`s to `upload_url` with
`Content-Range`, then `POST /v2/post/publish/status/fetch/` until `PUBLISH_COMPLETE`.

Chunk rules (media transfer guide): a video under 5 MB is sent whole; otherwise chunks are 5–64
MB, `total_chunk_count = video_size // chunk_size` and the last chunk takes the trailing bytes
(up to 128 MB); at most 1000 chunks. Resume: `status/fetch` reports `uploaded_bytes`, so a saved
`uploading` session continues from the first chunk the server does not hold. TikTok publishes
the post by itself once the last chunk arrives, so a resumed session never posts twice.
"""

from __future__ import annotations

from typing import Any

import httpx

from tools.platforms.api_publisher import ApiPublisher, read_range
from tools.platforms.base import (
    PublishResult,
    ReelUpload,
    SessionSink,
    TokenProvider,
    UploadSession,
)
from tools.platforms.errors import (
    PrecheckFailedError,
    PublishError,
    RateLimitedError,
    TokenExpiredError,
)
from tools.platforms.limits import RateLimiter
from tools.platforms.polling import PollPolicy, poll_until
from tools.platforms.transport import response_json, retry_after_seconds

TIKTOK_BASE_URL = "https://open.tiktokapis.com"
MB = 1024 * 1024
MAX_CHUNKS = 1000
PRIVACY_FOR = {
    "public": "PUBLIC_TO_EVERYONE",
    "unlisted": "MUTUAL_FOLLOW_FRIENDS",
    "private": "SELF_ONLY",
}
TOKEN_CODES = {"access_token_invalid", "token_not_authorized"}
LIMIT_CODES = {
    "rate_limit_exceeded",
    "spam_risk_too_many_posts",
    "spam_risk_too_many_pending_share",
    "reached_active_user_cap",
}


def tiktok_error_classifier(response: httpx.Response, body: Any) -> PublishError | None:
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if not isinstance(code, str) or code == "ok":
        return None
    message = f"{code}: {error.get('message', '')}" if isinstance(error, dict) else code
    if code in TOKEN_CODES:
        return TokenExpiredError(
            "tiktok", message, status_code=response.status_code, response_json=body
        )
    if code in LIMIT_CODES:
        daily = code != "rate_limit_exceeded"
        return RateLimitedError(
            "tiktok",
            message,
            status_code=response.status_code,
            retry_after_sec=retry_after_seconds(response) or (6 * 3600.0 if daily else 60.0),
            response_json=body,
        )
    return None


def chunk_plan(size: int, chunk_size: int, min_chunk: int) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) following TikTok's media transfer rules."""
    if size < min_chunk or size <= chunk_size:
        return size, 1
    count = size // chunk_size
    if count > MAX_CHUNKS:
        chunk_size = -(-size // MAX_CHUNKS)
        count = size // chunk_size
    return chunk_size, count


def chunk_bounds(index: int, chunk_size: int, count: int, size: int) -> tuple[int, int]:
    """[start, end) of chunk `index`; the last one absorbs the trailing bytes."""
    start = index * chunk_size
    end = size if index == count - 1 else start + chunk_size
    return start, end


class TikTokPublisher(ApiPublisher):
    """Direct-posts videos for one creator; chunk sizes are configurable for tests."""

    platform = "tiktok"
    classify_body = staticmethod(tiktok_error_classifier)

    def __init__(
        self,
        *,
        http: httpx.Client,
        base_url: str = TIKTOK_BASE_URL,
        chunk_size: int = 10 * MB,
        min_chunk_size: int = 5 * MB,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
        max_chunk_retries: int = 3,
    ) -> None:
        if not min_chunk_size <= chunk_size <= 64 * MB:
            raise ValueError(
                f"chunk_size {chunk_size} must be between min_chunk_size {min_chunk_size} and 64 MB"
            )
        super().__init__(http=http, limiter=limiter, poll=poll, max_chunk_retries=max_chunk_retries)
        self.base_url = base_url.rstrip("/")
        self.chunk_size = chunk_size
        self.min_chunk_size = min_chunk_size

    def _call(self, tokens: TokenProvider, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.base_url}{path}"
        response = self.api.authorized(
            tokens,
            lambda token: (
                "POST",
                url,
                {
                    "headers": {
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json; charset=UTF-8",
                    },
                    "json": payload,
                },
            ),
        )
        body = response_json(response)
        problem = tiktok_error_classifier(response, body)
        if problem is not None:
            raise problem
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise PublishError(
                self.platform,
                f"{path} returned no data: {body}",
                retryable=True,
                response_json=body,
            )
        return data

    def _publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        if session is None:
            session = self._init(reel, tokens)
            on_session(session)
        elif session.stage == "uploading":
            session = self._sync(session, tokens)
            on_session(session)
        if session.stage == "uploading":
            session = self._upload(reel, session, tokens, on_session)
        publish_id = session.remote_id or ""

        def check() -> dict[str, Any] | None:
            data = self._call(tokens, "/v2/post/publish/status/fetch/", {"publish_id": publish_id})
            status = data.get("status")
            if status == "FAILED":
                raise PublishError(
                    self.platform,
                    f"publish {publish_id} failed: {data.get('fail_reason')}",
                    retryable=False,
                    response_json=data,
                )
            return data if status == "PUBLISH_COMPLETE" else None

        data = poll_until(self.platform, f"publish {publish_id}", check, self.poll)
        public_ids = data.get("publicaly_available_post_id") or []
        post_id = str(public_ids[0]) if public_ids else publish_id
        username = session.extra.get("creator_username")
        url = (
            f"https://www.tiktok.com/@{username}/video/{post_id}"
            if public_ids and username
            else None
        )
        return self._finish(
            session,
            on_session,
            post_id=post_id,
            url=url,
            response={"publish_id": publish_id, **data},
        )

    def _init(self, reel: ReelUpload, tokens: TokenProvider) -> UploadSession:
        info = self._call(tokens, "/v2/post/publish/creator_info/query/", {})
        options = [str(o) for o in info.get("privacy_level_options", [])]
        level = reel.options.tiktok_privacy_level or PRIVACY_FOR[reel.options.privacy]
        problems: list[str] = []
        if level not in options:
            problems.append(
                f"options.privacy: TikTok privacy_level {level!r} is not one of "
                f"this creator's options {options}"
            )
        max_duration = info.get("max_video_post_duration_sec")
        if isinstance(max_duration, int | float) and reel.duration_sec > max_duration:
            problems.append(
                f"duration_sec: {reel.duration_sec:g} s exceeds this creator's "
                f"max_video_post_duration_sec {max_duration}"
            )
        if problems:
            raise PrecheckFailedError(self.platform, problems)
        self.limiter.acquire_request()
        self.limiter.acquire_post()
        size = reel.size_bytes
        chunk_size, count = chunk_plan(size, self.chunk_size, self.min_chunk_size)
        post_info: dict[str, Any] = {
            "title": self.text_for(reel).caption,
            "privacy_level": level,
            "disable_comment": reel.options.disable_comment or bool(info.get("comment_disabled")),
            "disable_duet": reel.options.disable_duet or bool(info.get("duet_disabled")),
            "disable_stitch": reel.options.disable_stitch or bool(info.get("stitch_disabled")),
            "is_aigc": reel.options.ai_generated,
            "brand_content_toggle": False,
            "brand_organic_toggle": False,
        }
        if reel.options.cover_offset_ms is not None:
            post_info["video_cover_timestamp_ms"] = reel.options.cover_offset_ms
        data = self._call(
            tokens,
            "/v2/post/publish/video/init/",
            {
                "post_info": post_info,
                "source_info": {
                    "source": "FILE_UPLOAD",
                    "video_size": size,
                    "chunk_size": chunk_size,
                    "total_chunk_count": count,
                },
            },
        )
        return self._new_session(
            reel,
            stage="uploading",
            remote_id=str(data["publish_id"]),
            upload_url=str(data["upload_url"]),
            chunk_size=chunk_size,
            extra={
                "total_chunk_count": str(count),
                "creator_username": str(info.get("creator_username", "")),
            },
        )

    def _sync(self, session: UploadSession, tokens: TokenProvider) -> UploadSession:
        """Align `bytes_done` with what TikTok holds (`uploaded_bytes`) before continuing."""
        data = self._call(
            tokens, "/v2/post/publish/status/fetch/", {"publish_id": session.remote_id}
        )
        if data.get("status") == "FAILED":
            raise PublishError(
                self.platform,
                f"upload failed: {data.get('fail_reason')}",
                retryable=False,
                response_json=data,
            )
        held = int(data.get("uploaded_bytes") or 0)
        if held >= session.total_bytes:
            return session.model_copy(update={"stage": "processing", "bytes_done": held})
        chunk = session.chunk_size or session.total_bytes
        return session.model_copy(update={"bytes_done": held - held % chunk})

    def _upload(
        self,
        reel: ReelUpload,
        session: UploadSession,
        tokens: TokenProvider,
        on_session: SessionSink,
    ) -> UploadSession:
        chunk_size = session.chunk_size or session.total_bytes
        count = int(session.extra.get("total_chunk_count", "1"))
        failures = 0
        while session.stage == "uploading":
            index = session.bytes_done // chunk_size
            start, end = chunk_bounds(index, chunk_size, count, session.total_bytes)
            try:
                response = self.api.send(
                    "PUT",
                    session.upload_url or "",
                    headers={
                        "Content-Type": "video/mp4",
                        "Content-Range": f"bytes {start}-{end - 1}/{session.total_bytes}",
                    },
                    content=read_range(reel.video_path, start, end),
                )
            except PublishError as exc:
                if not exc.retryable or failures >= self.max_chunk_retries:
                    raise
                failures += 1
                self.poll.sleep(exc.retry_after_sec or min(30.0, 2.0**failures))
                session = self._sync(session, tokens)
                on_session(session)
                continue
            done = response.status_code == 201 or end >= session.total_bytes
            session = session.model_copy(
                update={"bytes_done": end, "stage": "processing" if done else "uploading"}
            )
            on_session(session)
        return session
