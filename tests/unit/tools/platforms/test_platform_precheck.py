"""Pre-checks that must fail before anything is uploaded."""

from __future__ import annotations

from pathlib import Path

from tools.platforms.base import PublishOptions, ReelUpload
from tools.platforms.captions import adapt_text
from tools.platforms.precheck import precheck_reel


def _reel(tmp_path: Path, **overrides: object) -> ReelUpload:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"v" * 200_000)
    fields: dict[str, object] = {
        "video_path": video,
        "caption": "Hello",
        "title": "Hello",
        "hashtags": ("ok",),
        "duration_sec": 20,
        "width": 1080,
        "height": 1920,
        "idempotency_key": "k",
    }
    fields.update(overrides)
    return ReelUpload.model_validate(fields)


def _fields(platform: str, reel: ReelUpload) -> list[str]:
    return [p.field for p in precheck_reel(platform, reel, adapt_text(platform, reel))]


def test_a_vertical_20_second_reel_passes_everywhere(tmp_path: Path) -> None:
    reel = _reel(tmp_path)
    for platform in ("youtube", "instagram", "tiktok", "linkedin", "threads", "facebook"):
        assert _fields(platform, reel) == [], platform


def test_duration_limits_differ_per_platform(tmp_path: Path) -> None:
    reel = _reel(tmp_path, duration_sec=120)
    assert _fields("facebook", reel) == ["duration_sec"]  # Reels on Pages: 3–90 s
    assert _fields("youtube", reel) == []  # Shorts up to 3 minutes
    assert _fields("youtube", _reel(tmp_path, duration_sec=181)) == ["duration_sec"]
    assert _fields("tiktok", _reel(tmp_path, duration_sec=2)) == ["duration_sec"]


def test_landscape_is_not_a_short_or_a_facebook_reel(tmp_path: Path) -> None:
    reel = _reel(tmp_path, width=1920, height=1080)
    assert "aspect" in _fields("youtube", reel)
    assert "aspect" in _fields("facebook", reel)
    assert "aspect" not in _fields("instagram", reel)


def test_missing_files_and_bad_hashtags_are_named(tmp_path: Path) -> None:
    reel = _reel(tmp_path, cover_path=tmp_path / "nope.jpg", hashtags=("two words", "fine"))
    problems = precheck_reel("instagram", reel, adapt_text("instagram", reel))
    messages = {p.field: p.message for p in problems}
    assert "nope.jpg" in messages["cover_path"]
    assert "two words" in messages["hashtags"]


def test_instagram_counts_hashtags_inside_the_caption_too(tmp_path: Path) -> None:
    body = " ".join(f"#b{i}" for i in range(10))
    reel = _reel(tmp_path, caption=body, hashtags=tuple(f"t{i}" for i in range(25)))
    assert "caption" in _fields("instagram", reel)


def test_private_posts_are_refused_where_posts_are_public(tmp_path: Path) -> None:
    reel = _reel(tmp_path, options=PublishOptions(privacy="private"))
    assert "options.privacy" in _fields("facebook", reel)
    assert "options.privacy" not in _fields("youtube", reel)


def test_facebook_minimum_resolution(tmp_path: Path) -> None:
    assert "width" in _fields("facebook", _reel(tmp_path, width=360, height=640))
