"""Caption/title adaptation per platform."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.platforms.base import ReelUpload
from tools.platforms.captions import TEXT_RULES, adapt_text, shorten, text_length


def _reel(caption: str, title: str = "", hashtags: tuple[str, ...] = ()) -> ReelUpload:
    return ReelUpload(
        video_path=Path("reel.mp4"),
        caption=caption,
        title=title,
        hashtags=hashtags,
        duration_sec=20,
        width=1080,
        height=1920,
        idempotency_key="k",
    )


LONG = "Passkeys are finally replacing passwords across the web today. " * 120


@pytest.mark.parametrize("platform", sorted(TEXT_RULES))
def test_every_platform_caption_fits_its_limit_and_keeps_whole_hashtags(platform: str) -> None:
    tags = tuple(f"tag{i}" for i in range(40))
    text = adapt_text(platform, _reel(LONG, hashtags=tags))
    rules = TEXT_RULES[platform]
    assert text_length(text.caption, rules.caption_unit) <= rules.caption_max
    if rules.max_hashtags is not None:
        assert len(text.hashtags) <= rules.max_hashtags
    last = text.hashtags[-1]
    assert text.caption.endswith(last + ("}" if platform == "linkedin" else ""))


def test_body_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 10) == "short"


def test_youtube_title_description_shorts_tag_and_keyword_tags() -> None:
    text = adapt_text(
        "youtube",
        _reel(
            "Why <passkeys> win\nMore detail here.",
            title="",
            hashtags=("#Passkeys", "security", "passkeys"),
        ),
    )
    assert text.title == "Why passkeys win"
    assert text.caption.endswith("#Passkeys #security #Shorts")
    assert "<" not in text.caption and ">" not in text.caption
    assert text.tags == ("Passkeys", "security")


def test_youtube_title_is_limited_to_100_characters() -> None:
    text = adapt_text("youtube", _reel("x", title="word " * 40))
    assert text.title is not None and len(text.title) <= 100 and text.title.endswith("…")


def test_instagram_keeps_at_most_30_hashtags_after_a_blank_line() -> None:
    text = adapt_text("instagram", _reel("Hello", hashtags=tuple(f"t{i}" for i in range(35))))
    assert text.caption.startswith("Hello\n\n#t0 ")
    assert text.caption.count("#") == 30


def test_threads_keeps_one_topic_tag_and_500_characters() -> None:
    text = adapt_text("threads", _reel(LONG, hashtags=("passkeys", "security")))
    assert len(text.caption) <= 500
    assert text.caption.endswith(" #passkeys") and "#security" not in text.caption


def test_tiktok_counts_utf16_code_units() -> None:
    emoji_caption = "🔐" * 1500  # 3000 UTF-16 units, 1500 characters
    text = adapt_text("tiktok", _reel(emoji_caption))
    assert text_length(text.caption, "utf16") <= 2200
    assert len(text.caption) < 1500


def test_linkedin_escapes_little_text_and_links_hashtags() -> None:
    text = adapt_text("linkedin", _reel("Use (passkeys) @ work_now #1", hashtags=("passkeys",)))
    assert text.caption == ("Use \\(passkeys\\) \\@ work\\_now \\#1\n\n{hashtag|\\#|passkeys}")


def test_hashtags_are_normalised_and_deduplicated() -> None:
    reel = _reel("x", hashtags=("#AI", "ai", " #twin ", "#"))
    assert reel.hashtags == ("AI", "twin")


def test_threads_counts_emoji_as_utf8_bytes() -> None:
    text = adapt_text("threads", _reel("🎬" * 200))  # 200 characters, 800 UTF-8 bytes
    assert len(text.caption.encode("utf-8")) <= 500
