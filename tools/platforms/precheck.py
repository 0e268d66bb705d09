"""Media and text rules every client checks before it sends a single byte.

Values are the documented Reels/Shorts limits (sources in docs/platforms.md). Rules that depend on
the account (TikTok's `max_video_post_duration_sec` and privacy options, Instagram's live quota)
are checked by the client right after it reads them, still before uploading.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.platforms.base import PrecheckProblem, ReelUpload
from tools.platforms.captions import TEXT_RULES, PlatformText, invalid_hashtags, text_length


@dataclass(frozen=True)
class MediaRules:
    """Duration, shape and size limits of one platform's short-video format."""

    min_duration_sec: float
    max_duration_sec: float
    min_aspect: float  # width / height
    max_aspect: float
    max_bytes: int
    min_bytes: int = 1
    min_width: int = 0
    min_height: int = 0
    public_only: bool = False


MB = 1024 * 1024
MEDIA_RULES: dict[str, MediaRules] = {
    # Shorts: up to 3 minutes, square or vertical.
    "youtube": MediaRules(1, 180, 0.01, 1.0, 256 * 1024 * MB),
    # Reels: 3 s to 15 min, 0.01:1 to 10:1, ≤300 MB.
    "instagram": MediaRules(3, 900, 0.01, 10.0, 300 * MB, public_only=True),
    # Direct Post: ≥3 s, ≤10 min (the creator's own maximum is checked live), ≥360 px, ≤4 GB.
    "tiktok": MediaRules(3, 600, 0.01, 10.0, 4096 * MB, min_width=360, min_height=360),
    # Videos API: 3 s to 30 min, 75 KB to 500 MB.
    "linkedin": MediaRules(3, 1800, 1 / 2.4, 2.4, 500 * MB, min_bytes=75 * 1024),
    # Threads: ≤5 min, ≤1 GB, 0.01:1 to 10:1.
    "threads": MediaRules(0.5, 300, 0.01, 10.0, 1024 * MB, public_only=True),
    # Facebook Reels: 3 to 90 s, 9:16, ≥540x960.
    "facebook": MediaRules(
        3,
        90,
        9 / 16 - 0.01,
        9 / 16 + 0.01,
        1024 * MB,
        min_width=540,
        min_height=960,
        public_only=True,
    ),
}


def check_media(platform: str, reel: ReelUpload) -> list[PrecheckProblem]:
    """Problems with the files, duration, shape and privacy of `reel` on `platform`."""
    rules = MEDIA_RULES[platform]
    problems: list[PrecheckProblem] = []
    if not reel.video_path.is_file():
        problems.append(
            PrecheckProblem(field="video_path", message=f"{reel.video_path} does not exist")
        )
    else:
        size = reel.size_bytes
        if size < rules.min_bytes or size > rules.max_bytes:
            problems.append(
                PrecheckProblem(
                    field="video_path",
                    message=f"file is {size} bytes; {platform} accepts "
                    f"{rules.min_bytes}..{rules.max_bytes} bytes",
                )
            )
    if reel.cover_path is not None and not reel.cover_path.is_file():
        problems.append(
            PrecheckProblem(field="cover_path", message=f"{reel.cover_path} does not exist")
        )
    if not rules.min_duration_sec <= reel.duration_sec <= rules.max_duration_sec:
        problems.append(
            PrecheckProblem(
                field="duration_sec",
                message=f"{reel.duration_sec:g} s is outside {platform}'s "
                f"{rules.min_duration_sec:g}..{rules.max_duration_sec:g} s",
            )
        )
    if not rules.min_aspect <= reel.aspect_ratio <= rules.max_aspect:
        problems.append(
            PrecheckProblem(
                field="aspect",
                message=f"{reel.width}x{reel.height} ({reel.aspect}) is outside {platform}'s "
                f"width/height range {rules.min_aspect:.3f}..{rules.max_aspect:.3f}",
            )
        )
    if reel.width < rules.min_width or reel.height < rules.min_height:
        problems.append(
            PrecheckProblem(
                field="width",
                message=f"{reel.width}x{reel.height} is below {platform}'s minimum "
                f"{rules.min_width}x{rules.min_height}",
            )
        )
    if rules.public_only and reel.options.privacy != "public":
        problems.append(
            PrecheckProblem(
                field="options.privacy",
                message=f"{reel.options.privacy!r} is not available on {platform}; "
                "posts there are public",
            )
        )
    return problems


def check_text(platform: str, reel: ReelUpload, text: PlatformText) -> list[PrecheckProblem]:
    """Problems with the adapted caption/title and the reel's hashtags."""
    problems: list[PrecheckProblem] = []
    bad = invalid_hashtags(reel.hashtags)
    if bad:
        problems.append(
            PrecheckProblem(
                field="hashtags",
                message=f"{bad} contain spaces or punctuation and would not link",
            )
        )
    rules = TEXT_RULES.get(platform)
    if rules is None:
        return problems
    length = text_length(text.caption, rules.caption_unit)
    if length > rules.caption_max:
        problems.append(
            PrecheckProblem(
                field="caption",
                message=f"{length} {rules.caption_unit} exceeds {platform}'s {rules.caption_max}",
            )
        )
    if rules.max_hashtags is not None:
        count = text.caption.count("#")
        if platform == "instagram" and count > rules.max_hashtags:
            problems.append(
                PrecheckProblem(
                    field="caption",
                    message=f"{count} hashtags exceed Instagram's {rules.max_hashtags}",
                )
            )
    if rules.title_max is not None:
        if not text.title:
            problems.append(PrecheckProblem(field="title", message="is empty"))
        elif len(text.title) > rules.title_max:
            problems.append(
                PrecheckProblem(
                    field="title",
                    message=f"{len(text.title)} characters exceed {platform}'s {rules.title_max}",
                )
            )
    return problems


def precheck_reel(platform: str, reel: ReelUpload, text: PlatformText) -> list[PrecheckProblem]:
    """All media and text problems of `reel` on `platform`."""
    return check_media(platform, reel) + check_text(platform, reel, text)
