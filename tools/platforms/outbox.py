"""The local outbox: the offline publishing target and the writer export packages reuse.

A post becomes the folder `outbox/<platform>/<idempotency_key>/` holding the video, the adapted
caption, the cover and `metadata.json`. The folder is assembled in a temporary sibling and
renamed into place, so readers never see half a package; because the name is the idempotency
key, publishing the same post again returns the existing package instead of writing a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools.platforms.base import (
    PrecheckProblem,
    PublishResult,
    ReelUpload,
    SessionSink,
    TokenProvider,
    UploadSession,
)
from tools.platforms.captions import adapt_text
from tools.platforms.errors import PrecheckFailedError

METADATA = "metadata.json"


def outbox_post_id(platform: str, idempotency_key: str) -> str:
    """The stable id a package gets; the same key always maps to the same id."""
    digest = hashlib.sha256(f"{platform}:{idempotency_key}".encode()).hexdigest()[:16]
    return f"outbox-{digest}"


def write_package(
    root: Path,
    platform: str,
    reel: ReelUpload,
    *,
    texts: Mapping[str, str],
    metadata: dict[str, Any],
) -> tuple[Path, dict[str, Any], bool]:
    """Atomically create `root/platform/key/`; returns (folder, metadata, created_now)."""
    final = root / platform / reel.idempotency_key
    if (final / METADATA).is_file():
        return final, json.loads((final / METADATA).read_text("utf-8")), False
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{reel.idempotency_key}.", dir=final.parent))
    try:
        shutil.copyfile(reel.video_path, staging / f"video{reel.video_path.suffix or '.mp4'}")
        if reel.cover_path is not None:
            shutil.copyfile(reel.cover_path, staging / f"cover{reel.cover_path.suffix or '.jpg'}")
        for name, text in texts.items():
            (staging / name).write_text(text, "utf-8")
        (staging / METADATA).write_text(json.dumps(metadata, indent=2, default=str), "utf-8")
        try:
            os.rename(staging, final)
        except OSError:
            # Another worker renamed its copy first: theirs is the package, ours is discarded.
            if not (final / METADATA).is_file():
                raise
            return final, json.loads((final / METADATA).read_text("utf-8")), False
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return final, metadata, True


class FolderPublisher:
    """A publisher that writes the post as a package folder under the outbox; subclasses say
    what the package holds."""

    platform: str
    outbox_dir: Path
    manual = False

    def precheck(self, reel: ReelUpload) -> list[PrecheckProblem]:
        if not reel.video_path.is_file():
            return [
                PrecheckProblem(field="video_path", message=f"{reel.video_path} does not exist")
            ]
        return []

    def publish(
        self,
        reel: ReelUpload,
        *,
        tokens: TokenProvider,
        session: UploadSession | None,
        on_session: SessionSink,
    ) -> PublishResult:
        problems = self.precheck(reel)
        if problems:
            raise PrecheckFailedError(self.platform, [str(p) for p in problems])
        texts, metadata = self.package(reel)
        folder, stored, _created = write_package(
            self.outbox_dir, self.platform, reel, texts=texts, metadata=metadata
        )
        return package_result(self.platform, folder, stored, on_session, reel, manual=self.manual)

    def package(self, reel: ReelUpload) -> tuple[dict[str, str], dict[str, Any]]:
        """The text files and the metadata the package folder holds."""
        raise NotImplementedError


class OutboxPublisher(FolderPublisher):
    """Publishes into a local folder; the default when no platform account is connected."""

    def __init__(self, outbox_dir: Path, platform: str = "outbox") -> None:
        self.outbox_dir = outbox_dir
        self.platform = platform

    def package(self, reel: ReelUpload) -> tuple[dict[str, str], dict[str, Any]]:
        text = adapt_text(self.platform, reel)
        post_id = outbox_post_id(self.platform, reel.idempotency_key)
        metadata = {
            "platform": self.platform,
            "post_id": post_id,
            "idempotency_key": reel.idempotency_key,
            "title": text.title or reel.title,
            "caption": text.caption,
            "hashtags": list(reel.hashtags),
            "duration_sec": reel.duration_sec,
            "width": reel.width,
            "height": reel.height,
            "options": reel.options.model_dump(),
            "created_at": datetime.now(UTC).isoformat(),
        }
        return {"caption.txt": text.caption}, metadata


def package_result(
    platform: str,
    folder: Path,
    stored: dict[str, Any],
    on_session: SessionSink,
    reel: ReelUpload,
    *,
    manual: bool,
) -> PublishResult:
    post_id = str(stored["post_id"])
    url = folder.resolve().as_uri()
    on_session(
        UploadSession(
            platform=platform,
            idempotency_key=reel.idempotency_key,
            stage="published",
            total_bytes=reel.size_bytes,
            bytes_done=reel.size_bytes,
            platform_post_id=post_id,
            url=url,
        )
    )
    return PublishResult(
        platform=platform,
        platform_post_id=post_id,
        url=url,
        response_json={"folder": str(folder), **stored},
        requires_manual_post=manual,
    )
