"""Facebook Page Reels through the Graph API Reels Publishing flow.

`POST /{page-id}/video_reels?upload_phase=start` returns `video_id` and an `upload_url` on
`rupload.facebook.com/video-upload/{version}/{video-id}`; the file is sent there with
`Authorization: OAuth {page-token}`, `offset` and `file_size` headers (in chunks when
`chunk_size` is set); `POST /{page-id}/video_reels?upload_phase=finish&video_state=PUBLISHED`
with the description publishes it; `GET /{video-id}?fields=status` is polled until the
publishing phase is complete.

Resume: `status.uploading_phase.bytes_transferred` says where to continue; a session that already
sent `finish` checks the publishing phase first and does not send it again.
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
from tools.platforms.errors import PublishError
from tools.platforms.limits import RateLimiter
from tools.platforms.meta_graph import GRAPH_VERSION, meta_error_classifier
from tools.platforms.polling import PollPolicy, poll_until
from tools.platforms.transport import response_json

FACEBOOK_BASE_URL = f"https://graph.facebook.com/{GRAPH_VERSION}"
RUPLOAD_BASE_URL = f"https://rupload.facebook.com/video-upload/{GRAPH_VERSION}"


class FacebookReelsPublisher(ApiPublisher):
    """Publishes Reels to one Facebook Page (`page_id`, with a Page access token)."""

    platform = "facebook"
    classify_body = staticmethod(meta_error_classifier("facebook"))

    def __init__(
        self,
        *,
        http: httpx.Client,
        page_id: str,
        base_url: str = FACEBOOK_BASE_URL,
        rupload_base_url: str = RUPLOAD_BASE_URL,
        chunk_size: int | None = None,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
        max_chunk_retries: int = 3,
    ) -> None:
        super().__init__(http=http, limiter=limiter, poll=poll, max_chunk_retries=max_chunk_retries)
        self.page_id = page_id
        self.base_url = base_url.rstrip("/")
        self.rupload_base_url = rupload_base_url.rstrip("/")
        self.chunk_size = chunk_size

    def _graph(self, tokens: TokenProvider, method: str, path: str, **params: str) -> Any:
        url = f"{self.base_url}/{path}"
        key = "data" if method == "POST" else "params"
        response = self.api.authorized(
            tokens, lambda token: (method, url, {key: {**params, "access_token": token}})
        )
        return response_json(response)

    def _status(self, tokens: TokenProvider, video_id: str) -> dict[str, Any]:
        body = self._graph(tokens, "GET", video_id, fields="status")
        status = body.get("status") if isinstance(body, dict) else None
        return status if isinstance(status, dict) else {}

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
            body = self._graph(tokens, "POST", f"{self.page_id}/video_reels", upload_phase="start")
            video_id = str(body.get("video_id", "")) if isinstance(body, dict) else ""
            if not video_id:
                raise PublishError(
                    self.platform,
                    f"upload_phase=start returned no video_id: {body}",
                    retryable=True,
                    response_json=body,
                )
            upload_url = str(body.get("upload_url") or f"{self.rupload_base_url}/{video_id}")
            session = self._new_session(
                reel, stage="uploading", remote_id=video_id, upload_url=upload_url
            )
            on_session(session)
        elif session.stage == "uploading":
            session = self._sync(session, tokens)
            on_session(session)
        if session.stage == "uploading":
            session = self._upload(reel, session, tokens, on_session)
        video_id = session.remote_id or ""
        if session.stage == "uploaded":
            session = self._send_finish(reel, session, tokens, on_session)
        elif session.stage == "publishing":
            phase = self._status(tokens, video_id).get("publishing_phase", {})
            if phase.get("status") not in {"complete", "in_progress"}:
                session = self._send_finish(reel, session, tokens, on_session)

        def check() -> dict[str, Any] | None:
            status = self._status(tokens, video_id)
            if status.get("video_status") == "error":
                raise PublishError(
                    self.platform,
                    f"reel {video_id} failed: {status}",
                    retryable=False,
                    response_json=status,
                )
            publishing = status.get("publishing_phase", {})
            return status if publishing.get("status") == "complete" else None

        status = poll_until(self.platform, f"reel {video_id}", check, self.poll)
        return self._finish(
            session,
            on_session,
            post_id=video_id,
            url=f"https://www.facebook.com/reel/{video_id}",
            response={"video_id": video_id, "status": status},
        )

    def _send_finish(
        self,
        reel: ReelUpload,
        session: UploadSession,
        tokens: TokenProvider,
        on_session: SessionSink,
    ) -> UploadSession:
        session = session.model_copy(update={"stage": "publishing"})
        on_session(session)
        self._graph(
            tokens,
            "POST",
            f"{self.page_id}/video_reels",
            upload_phase="finish",
            video_id=session.remote_id or "",
            video_state="PUBLISHED",
            description=self.text_for(reel).caption,
        )
        return session

    def _sync(self, session: UploadSession, tokens: TokenProvider) -> UploadSession:
        status = self._status(tokens, session.remote_id or "")
        held = int(status.get("uploading_phase", {}).get("bytes_transferred") or 0)
        stage = "uploaded" if held >= session.total_bytes else "uploading"
        return session.model_copy(update={"bytes_done": held, "stage": stage})

    def _send_bytes(
        self, tokens: TokenProvider, url: str, offset: int, total: int, data: bytes
    ) -> None:
        def build(token: str) -> tuple[str, str, dict[str, Any]]:
            headers = {
                "Authorization": f"OAuth {token}",
                "offset": str(offset),
                "file_size": str(total),
            }
            return "POST", url, {"headers": headers, "content": data}

        self.api.authorized(tokens, build)

    def _upload(
        self,
        reel: ReelUpload,
        session: UploadSession,
        tokens: TokenProvider,
        on_session: SessionSink,
    ) -> UploadSession:
        failures = 0
        total = session.total_bytes
        while session.stage == "uploading":
            start = session.bytes_done
            end = total if self.chunk_size is None else min(total, start + self.chunk_size)
            data = read_range(reel.video_path, start, end)
            try:
                self._send_bytes(tokens, session.upload_url or "", start, total, data)
            except PublishError as exc:
                if not exc.retryable or failures >= self.max_chunk_retries:
                    raise
                failures += 1
                self.poll.sleep(exc.retry_after_sec or min(30.0, 2.0**failures))
                session = self._sync(session, tokens)
                on_session(session)
                continue
            session = session.model_copy(
                update={"bytes_done": end, "stage": "uploaded" if end >= total else "uploading"}
            )
            on_session(session)
        return session
