"""Why a render failed, as data the media node can put into `RenderJob.error_json`.

Every failure carries a short machine-readable `cause` and a `detail` dict naming the bad
field or value, so the job's error says what to fix rather than only that something broke.
"""

from __future__ import annotations

from typing import Any


class RenderError(Exception):
    """A render that could not produce a reel; no half-written output is left behind."""

    cause: str = "render_failed"

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail: dict[str, Any] = detail

    def to_error_json(self) -> dict[str, Any]:
        """The shape stored in `RenderJob.error_json`."""
        return {"cause": self.cause, "message": self.message, "detail": self.detail}


class MissingAssetError(RenderError):
    cause = "missing_asset"


class UnreadableImageError(RenderError):
    cause = "unreadable_image"


class VideoTooShortError(RenderError):
    cause = "video_too_short"


class MissingFontError(RenderError):
    cause = "missing_font"


class FfmpegError(RenderError):
    cause = "ffmpeg_failed"


class NarrationTooLongError(RenderError):
    cause = "narration_too_long"


class ProviderError(RenderError):
    """A voice or visual provider (ElevenLabs, Replicate, espeak) failed or answered badly."""

    cause = "provider_failed"


class ConsentRequiredError(RenderError):
    """A cloned voice or likeness was requested without the matching granted consent."""

    cause = "consent_required"
