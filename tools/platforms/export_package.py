"""Export packages for platforms with no documented public publishing API (Fanbase, Spill).

Twinreel never automates a browser or an unofficial API: it prepares everything the creator
needs to post by hand — the video, the caption, the hashtags, the cover and `metadata.json` —
in `outbox/<platform>/<idempotency_key>/`, and returns `requires_manual_post=True` so the
durable process sends the creator a notification pointing at the folder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools.platforms.base import ReelUpload
from tools.platforms.captions import adapt_text
from tools.platforms.outbox import FolderPublisher, outbox_post_id

MANUAL_PLATFORMS = ("fanbase", "spill")


class ExportPackagePublisher(FolderPublisher):
    """Writes a post-it-yourself package for `platform` (one of MANUAL_PLATFORMS)."""

    manual = True

    def __init__(self, outbox_dir: Path, platform: str) -> None:
        if platform not in MANUAL_PLATFORMS:
            raise ValueError(
                f"platform {platform!r} is not an export-package platform "
                f"({', '.join(MANUAL_PLATFORMS)})"
            )
        self.outbox_dir = outbox_dir
        self.platform = platform

    def package(self, reel: ReelUpload) -> tuple[dict[str, str], dict[str, Any]]:
        text = adapt_text(self.platform, reel)
        hashtags = " ".join(f"#{t}" for t in reel.hashtags)
        caption = f"{text.caption}\n\n{hashtags}".strip() if hashtags else text.caption
        metadata = {
            "platform": self.platform,
            "post_id": outbox_post_id(self.platform, reel.idempotency_key),
            "idempotency_key": reel.idempotency_key,
            "requires_manual_post": True,
            "instructions": f"{self.platform.title()} has no public publishing API. Open the "
            f"{self.platform.title()} app, upload the video in this folder, paste caption.txt "
            "and set the cover, then mark the post as published in Twinreel.",
            "title": reel.title,
            "caption": caption,
            "hashtags": list(reel.hashtags),
            "duration_sec": reel.duration_sec,
            "width": reel.width,
            "height": reel.height,
            "ai_generated": reel.options.ai_generated,
            "created_at": datetime.now(UTC).isoformat(),
        }
        return {"caption.txt": caption, "hashtags.txt": hashtags}, metadata
