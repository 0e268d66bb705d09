"""Adapting one reel's caption, title and hashtags to each platform's text rules.

Limits and placement (sources in docs/platforms.md):
- YouTube: title ≤100 characters, description ≤5000 bytes, no ``<``/``>``; hashtags go at the
  end of the description (YouTube shows the first three above the title and ignores all of them
  past 60, so at most 15 are kept) with ``#Shorts``; the same tags also fill ``snippet.tags``
  (≤500 characters in total).
- Instagram: caption ≤2200 characters and ≤30 hashtags, placed after a blank line.
- TikTok: ``post_info.title`` ≤2200 UTF-16 code units, hashtags inline at the end.
- LinkedIn: commentary ≤3000 characters in "little text" format: reserved characters are
  escaped and each hashtag is written as the ``{hashtag|\\#|tag}`` template.
- Threads: text ≤500 characters, emoji counted as their UTF-8 bytes, and one topic tag per
  post (only the first hashtag is kept).
- Facebook Reels: description, hashtags at the end (no documented limit below 63,206).
The body text is shortened at a word boundary with an ellipsis; hashtags are never cut in half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tools.platforms.base import ReelUpload

CountUnit = Literal["chars", "utf16", "utf8"]
HASHTAG_RE = re.compile(r"^\w+$", re.UNICODE)
LINKEDIN_RESERVED = set("\\|{}@[]()<>#*_~")


@dataclass(frozen=True)
class TextRules:
    """One platform's caption/title rules."""

    caption_max: int
    caption_unit: CountUnit = "chars"
    title_max: int | None = None
    max_hashtags: int | None = None
    separator: str = "\n\n"


TEXT_RULES: dict[str, TextRules] = {
    "youtube": TextRules(caption_max=5000, caption_unit="utf8", title_max=100, max_hashtags=15),
    "instagram": TextRules(caption_max=2200, max_hashtags=30),
    "tiktok": TextRules(caption_max=2200, caption_unit="utf16", separator=" "),
    "linkedin": TextRules(caption_max=3000),
    "threads": TextRules(caption_max=500, caption_unit="utf8", max_hashtags=1, separator=" "),
    "facebook": TextRules(caption_max=63206),
}
YOUTUBE_TAGS_MAX_CHARS = 500


class PlatformText(BaseModel):
    """The text exactly as it will be sent to one platform."""

    model_config = ConfigDict(frozen=True)

    platform: str
    caption: str
    title: str | None = None
    hashtags: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def text_length(text: str, unit: CountUnit) -> int:
    """Length as the platform counts it."""
    if unit == "utf8":
        return len(text.encode("utf-8"))
    if unit == "utf16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def shorten(text: str, limit: int, unit: CountUnit = "chars") -> str:
    """`text` cut at a word boundary with an ellipsis so it fits `limit`."""
    text = text.strip()
    if text_length(text, unit) <= limit:
        return text
    if limit < 2:
        return ""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if text_length(text[:mid] + "…", unit) <= limit:
            low = mid
        else:
            high = mid - 1
    cut = text[:low]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def invalid_hashtags(tags: tuple[str, ...]) -> list[str]:
    """Hashtags no platform links (spaces or punctuation inside the tag)."""
    return [tag for tag in tags if not HASHTAG_RE.match(tag)]


def _join(body: str, tail: str, separator: str) -> str:
    if not tail:
        return body
    if not body:
        return tail
    return f"{body}{separator}{tail}"


def _fit(body: str, tail: str, rules: TextRules) -> str:
    room = rules.caption_max - text_length(rules.separator + tail, rules.caption_unit)
    if tail and room < 1:
        return shorten(tail, rules.caption_max, rules.caption_unit)
    return _join(
        shorten(body, room if tail else rules.caption_max, rules.caption_unit),
        tail,
        rules.separator,
    )


def escape_little_text(text: str) -> str:
    """LinkedIn "little text": backslash-escape every reserved character."""
    return "".join(f"\\{ch}" if ch in LINKEDIN_RESERVED else ch for ch in text)


def adapt_text(platform: str, reel: ReelUpload) -> PlatformText:
    """The caption (and title) `platform` will receive for `reel`."""
    if platform not in TEXT_RULES:
        return PlatformText(
            platform=platform,
            caption=reel.caption.strip(),
            title=reel.title or None,
            hashtags=reel.hashtags,
        )
    rules = TEXT_RULES[platform]
    tags = tuple(t for t in reel.hashtags if HASHTAG_RE.match(t))
    if rules.max_hashtags is not None:
        tags = tags[: rules.max_hashtags]
    body = reel.caption.strip()
    if platform == "youtube":
        return _adapt_youtube(reel, body, tags, rules)
    if platform == "linkedin":
        return _adapt_linkedin(body, tags, rules)
    tail = " ".join(f"#{t}" for t in tags)
    return PlatformText(platform=platform, caption=_fit(body, tail, rules), hashtags=tags)


def _adapt_youtube(
    reel: ReelUpload, body: str, tags: tuple[str, ...], rules: TextRules
) -> PlatformText:
    no_angles = str.maketrans({"<": "", ">": ""})
    first_line = body.splitlines()[0] if body else ""
    title_source = (reel.title or first_line).translate(no_angles)
    title = shorten(title_source or reel.idempotency_key, rules.title_max or 100)
    cap = rules.max_hashtags or len(tags) + 1
    has_shorts = any(t.lower() == "shorts" for t in tags)
    shorts_tags = tags if has_shorts else (*tags[: cap - 1], "Shorts")
    tail = " ".join(f"#{t}" for t in shorts_tags)
    description = _fit(body.translate(no_angles), tail, rules)
    keyword_tags: list[str] = []
    used = 0
    for tag in tags:
        cost = len(tag) + (2 if " " in tag else 0) + (1 if keyword_tags else 0)
        if used + cost > YOUTUBE_TAGS_MAX_CHARS:
            break
        keyword_tags.append(tag)
        used += cost
    return PlatformText(
        platform="youtube",
        caption=description,
        title=title,
        hashtags=shorts_tags,
        tags=tuple(keyword_tags),
    )


def _adapt_linkedin(body: str, tags: tuple[str, ...], rules: TextRules) -> PlatformText:
    linked = " ".join(f"{{hashtag|\\#|{t}}}" for t in tags)
    room = rules.caption_max - (len(rules.separator) + len(linked) if linked else 0)
    shown = shorten(body, max(room, 0))
    while shown and len(escape_little_text(shown)) > room:
        shown = shorten(shown, len(shown) - 10)
    return PlatformText(
        platform="linkedin",
        caption=_join(escape_little_text(shown), linked, rules.separator),
        hashtags=tags,
    )
