"""The container flow Instagram Reels and Threads share: create, wait for FINISHED, publish.

Resume rules: the container id is saved as soon as it exists, so a retry polls the same container
instead of creating another. The session moves to `publishing` before the publish call; when a
retry finds the container already `PUBLISHED` (the crash came after the platform accepted the
publish), the post is recovered from the account's recent media by its caption rather than
published again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tools.platforms.api_publisher import ApiPublisher
from tools.platforms.base import (
    PrecheckProblem,
    PublishResult,
    ReelUpload,
    SessionSink,
    TokenProvider,
    UploadSession,
)
from tools.platforms.errors import PublishError, RateLimitedError
from tools.platforms.limits import RateLimiter
from tools.platforms.polling import PollPolicy, poll_until
from tools.platforms.transport import response_json

PublicUrlFor = Callable[[Path], str]


class MetaContainerPublisher(ApiPublisher):
    """Shared Instagram/Threads flow; subclasses name the edges and build container params."""

    create_edge = ""
    publish_edge = ""
    limit_edge = ""
    status_field = ""
    text_field = ""

    def __init__(
        self,
        *,
        http: httpx.Client,
        user_id: str,
        public_url_for: PublicUrlFor | None,
        base_url: str,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
    ) -> None:
        super().__init__(http=http, limiter=limiter, poll=poll)
        self.user_id = user_id
        self.public_url_for = public_url_for
        self.base_url = base_url.rstrip("/")

    def _extra_checks(self, reel: ReelUpload) -> list[PrecheckProblem]:
        if self.public_url_for is None:
            return [
                PrecheckProblem(
                    field="public_url_for",
                    message=f"{self.platform} fetches the video from a public URL; configure a "
                    "media host that serves the reel publicly",
                )
            ]
        return []

    def _container_params(self, reel: ReelUpload, video_url: str) -> dict[str, str]:
        raise NotImplementedError

    def _get(self, tokens: TokenProvider, path: str, **params: str) -> Any:
        url = f"{self.base_url}/{path}"
        response = self.api.authorized(
            tokens, lambda token: ("GET", url, {"params": {**params, "access_token": token}})
        )
        return response_json(response)

    def _post(self, tokens: TokenProvider, path: str, **form: str) -> Any:
        url = f"{self.base_url}/{path}"
        response = self.api.authorized(
            tokens, lambda token: ("POST", url, {"data": {**form, "access_token": token}})
        )
        return response_json(response)

    def _check_quota(self, tokens: TokenProvider) -> None:
        body = self._get(tokens, f"{self.user_id}/{self.limit_edge}", fields="quota_usage,config")
        data = (body.get("data") or [{}])[0] if isinstance(body, dict) else {}
        usage = int(data.get("quota_usage", 0))
        config = data.get("config") or {}
        total = config.get("quota_total")
        if total is not None and usage >= int(total):
            raise RateLimitedError(
                self.platform,
                f"publishing quota used: {usage} of {total} posts in the last "
                f"{int(config.get('quota_duration', 86400)) // 3600} h",
                retry_after_sec=3600.0,
                response_json=body,
            )

    def _create(self, reel: ReelUpload, tokens: TokenProvider) -> UploadSession:
        assert self.public_url_for is not None
        params = self._container_params(reel, self.public_url_for(reel.video_path))
        body = self._post(tokens, f"{self.user_id}/{self.create_edge}", **params)
        container_id = body.get("id") if isinstance(body, dict) else None
        if not container_id:
            raise PublishError(
                self.platform,
                f"container creation returned no id: {body}",
                retryable=True,
                response_json=body,
            )
        return self._new_session(
            reel, stage="processing", remote_id=str(container_id), bytes_done=reel.size_bytes
        )

    def _container_status(self, tokens: TokenProvider, container_id: str) -> str:
        body = self._get(tokens, container_id, fields=f"{self.status_field},error_message")
        return str(body.get(self.status_field, "")) if isinstance(body, dict) else ""

    def _publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        if session is None:
            self._check_quota(tokens)
            self.limiter.acquire_post()
            session = self._create(reel, tokens)
            on_session(session)
        if session.stage == "processing":
            session = self._wait_finished(reel, session, tokens, on_session)
        container_id = session.remote_id or ""
        already_sent = session.extra.get("publish_sent") == "1"
        if already_sent and self._container_status(tokens, container_id) == "PUBLISHED":
            return self._recover(reel, session, tokens, on_session)
        session = session.model_copy(
            update={"stage": "publishing", "extra": {**session.extra, "publish_sent": "1"}}
        )
        on_session(session)
        body = self._post(tokens, f"{self.user_id}/{self.publish_edge}", creation_id=container_id)
        post_id = str(body.get("id", "")) if isinstance(body, dict) else ""
        if not post_id:
            raise PublishError(
                self.platform, f"publish returned no id: {body}", retryable=True, response_json=body
            )
        return self._finish(
            session,
            on_session,
            post_id=post_id,
            url=self._permalink(tokens, post_id),
            response={"id": post_id, "container_id": container_id},
        )

    def _wait_finished(
        self,
        reel: ReelUpload,
        session: UploadSession,
        tokens: TokenProvider,
        on_session: SessionSink,
    ) -> UploadSession:
        container_id = session.remote_id or ""

        def check() -> str | None:
            status = self._container_status(tokens, container_id)
            return None if status == "IN_PROGRESS" else status

        status = poll_until(self.platform, f"container {container_id}", check, self.poll)
        if status == "EXPIRED":
            # Containers live 24 hours; nothing was published, so a fresh one is safe.
            fresh = self._create(reel, tokens)
            on_session(fresh)
            return self._wait_finished(reel, fresh, tokens, on_session)
        if status == "ERROR":
            body = self._get(tokens, container_id, fields=f"{self.status_field},status")
            raise PublishError(
                self.platform,
                f"container {container_id} failed processing: {body}",
                retryable=False,
                response_json=body,
            )
        if status not in {"FINISHED", "PUBLISHED"}:
            raise PublishError(
                self.platform, f"unexpected container status {status!r}", retryable=True
            )
        if status == "PUBLISHED":
            return session.model_copy(
                update={"stage": "publishing", "extra": {**session.extra, "publish_sent": "1"}}
            )
        return session.model_copy(update={"stage": "publishing"})

    def _recover(
        self,
        reel: ReelUpload,
        session: UploadSession,
        tokens: TokenProvider,
        on_session: SessionSink,
    ) -> PublishResult:
        caption = self._container_text(reel)
        body = self._get(
            tokens,
            f"{self.user_id}/{self.create_edge}",
            fields=f"id,{self.text_field},permalink",
            limit="25",
        )
        for item in body.get("data", []) if isinstance(body, dict) else []:
            if item.get(self.text_field) == caption:
                post_id = str(item["id"])
                return self._finish(
                    session,
                    on_session,
                    post_id=post_id,
                    url=item.get("permalink"),
                    response={"id": post_id, "recovered": True},
                )
        raise PublishError(
            self.platform,
            f"container {session.remote_id} is already published but the post was not found "
            "among recent posts; not publishing again",
            retryable=False,
        )

    def _container_text(self, reel: ReelUpload) -> str:
        return self.text_for(reel).caption

    def _permalink(self, tokens: TokenProvider, post_id: str) -> str | None:
        try:
            body = self._get(tokens, post_id, fields="permalink")
        except PublishError:
            return None  # the post exists; a missing permalink must not fail it
        return (
            str(body.get("permalink")) if isinstance(body, dict) and body.get("permalink") else None
        )
