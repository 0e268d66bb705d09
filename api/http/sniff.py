"""Recognising an upload by its first bytes, not by what the client claims.

Each asset type accepts a short list of formats; the declared Content-Type and file name are
ignored for the decision (they are only kept as metadata), so a script renamed ``.mp4`` is
refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.enums import MediaAssetType


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def sniff(head: bytes) -> Sniffed | None:
    """The format ``head`` (the first 64+ bytes) starts like, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return Sniffed("audio/mp4", "m4a")
        if brand == b"qt  ":
            return Sniffed("video/quicktime", "mov")
        return Sniffed("video/mp4", "mp4")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("video/webm", "webm")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", "png")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Sniffed("image/gif", "gif")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "webp")
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Sniffed("audio/wav", "wav")
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return Sniffed("audio/mpeg", "mp3")
    if head.startswith(b"OggS"):
        return Sniffed("audio/ogg", "ogg")
    if head.startswith(b"PK\x03\x04"):
        return Sniffed("application/zip", "zip")
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return Sniffed("text/vtt", "vtt")
    if _looks_like_srt(head):
        return Sniffed("application/x-subrip", "srt")
    return None


def _looks_like_srt(head: bytes) -> bool:
    try:
        text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return False
    lines = text.splitlines()
    return len(lines) >= 2 and lines[0].strip().isdigit() and "-->" in lines[1]


ALLOWED: dict[MediaAssetType, frozenset[str]] = {
    MediaAssetType.RAW_VIDEO: frozenset({"video/mp4", "video/quicktime", "video/webm"}),
    MediaAssetType.RAW_PHOTO: frozenset({"image/jpeg", "image/png", "image/webp"}),
    MediaAssetType.AUDIO: frozenset({"audio/mpeg", "audio/wav", "audio/mp4", "audio/ogg"}),
    MediaAssetType.OVERLAY: frozenset({"image/png", "image/webp", "image/gif"}),
    MediaAssetType.THUMBNAIL: frozenset({"image/jpeg", "image/png", "image/webp"}),
    MediaAssetType.CAPTION_FILE: frozenset({"text/vtt", "application/x-subrip"}),
    MediaAssetType.BRAND_PACK: frozenset({"application/zip"}),
}
"""What a creator may upload per asset type (rendered outputs are made by the pipeline only)."""
