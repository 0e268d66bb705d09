"""What every official-API client shares: pre-check first, resume a finished session, save steps.

Subclasses implement `_publish` (the platform's flow) and may add account-independent checks in
`_extra_checks`. The base guarantees that nothing is sent when a pre-check fails and that a
session already marked `published` returns its result without touching the network, which is
what makes a retry after "posted, but crashed before the database write" safe.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tools.platforms.base import (
    PrecheckProblem,
    PublishResult,
    ReelUpload,
    SessionSink,
    TokenProvider,
    UploadSession,
    check_session,
)
from tools.platforms.captions import PlatformText, adapt_text
from tools.platforms.errors import PrecheckFailedError
from tools.platforms.limits import RateLimiter, default_limiter
from tools.platforms.polling import PollPolicy
from tools.platforms.precheck import precheck_reel
from tools.platforms.transport import BodyClassifier, PlatformHttp


class ApiPublisher:
    """Base of the platform clients; see the module docstring for the guarantees."""

    platform = ""
    classify_body: BodyClassifier | None = None

    def __init__(
        self,
        *,
        http: httpx.Client,
        limiter: RateLimiter | None = None,
        poll: PollPolicy | None = None,
        max_chunk_retries: int = 3,
    ) -> None:
        self.api = PlatformHttp(self.platform, http, classify_body=type(self).classify_body)
        self.limiter = limiter or default_limiter(self.platform)
        self.poll = poll or PollPolicy()
        self.max_chunk_retries = max_chunk_retries

    def text_for(self, reel: ReelUpload) -> PlatformText:
        return adapt_text(self.platform, reel)

    def precheck(self, reel: ReelUpload) -> list[PrecheckProblem]:
        return precheck_reel(self.platform, reel, self.text_for(reel)) + self._extra_checks(reel)

    def _extra_checks(self, reel: ReelUpload) -> list[PrecheckProblem]:
        return []

    def publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        if session is not None and session.stage == "published" and session.platform_post_id:
            check_session(self.platform, reel, session, check_file=False)
            return PublishResult(
                platform=self.platform,
                platform_post_id=session.platform_post_id,
                url=session.url,
                response_json={"resumed_from_saved_session": True},
            )
        problems = self.precheck(reel)
        if problems:
            raise PrecheckFailedError(self.platform, [str(p) for p in problems])
        check_session(self.platform, reel, session)
        return self._publish(reel, tokens=tokens, session=session, on_session=on_session)

    def _publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        raise NotImplementedError

    def _new_session(self, reel: ReelUpload, **fields: object) -> UploadSession:
        return UploadSession.model_validate(
            {
                "platform": self.platform,
                "idempotency_key": reel.idempotency_key,
                "total_bytes": reel.size_bytes,
                **fields,
            }
        )

    def _finish(
        self,
        session: UploadSession,
        on_session: SessionSink,
        *,
        post_id: str,
        url: str | None,
        response: dict[str, object],
    ) -> PublishResult:
        done = session.model_copy(
            update={"stage": "published", "platform_post_id": post_id, "url": url}
        )
        on_session(done)
        return PublishResult(
            platform=self.platform, platform_post_id=post_id, url=url, response_json=response
        )


def read_range(path: Path, start: int, end: int) -> bytes:
    """Bytes `start`..`end - 1` of the file (chunks are read lazily, never the whole video)."""
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(end - start)


def image_content_type(path: Path) -> str:
    return "image/png" if path.suffix.lower() == ".png" else "image/jpeg"
