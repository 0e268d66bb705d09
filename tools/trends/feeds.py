"""Fetching and parsing RSS 2.0 and Atom feeds (news and hashtag/trending feeds).

XML is parsed with defusedxml, which refuses entity expansion and external references, so a
hostile feed cannot blow up memory or read local files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

import httpx
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from pydantic import BaseModel, ConfigDict

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_TOPIC_CHARS = 160
MAX_FEED_BYTES = 5 * 1024 * 1024
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1"
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


class FeedError(RuntimeError):
    """A feed could not be fetched or parsed; the message names the feed URL."""


class FeedSpec(BaseModel):
    """One configured feed: its URL and, optionally, the platform its trends are about."""

    model_config = ConfigDict(frozen=True)

    url: str
    platform_hint: str | None = None

    @classmethod
    def parse(cls, value: str) -> FeedSpec:
        """``URL`` or ``PLATFORM=URL`` (e.g. ``tiktok=https://…/trending.rss``)."""
        head, sep, rest = value.partition("=")
        if sep and "://" not in head and "://" in rest:
            return cls(url=rest.strip(), platform_hint=head.strip() or None)
        if "://" not in value:
            raise FeedError(f"feed {value!r} is not a URL (expected URL or PLATFORM=URL)")
        return cls(url=value.strip())


class FeedEntry(BaseModel):
    """One item of a feed, its text already cleaned to plain, short data."""

    model_config = ConfigDict(frozen=True)

    title: str
    link: str | None = None
    published: datetime | None = None
    categories: tuple[str, ...] = ()
    feed_url: str
    platform_hint: str | None = None


def clean_text(raw: str | None, limit: int = MAX_TOPIC_CHARS) -> str:
    """Plain text: markup and control characters removed, whitespace collapsed, length cut."""
    if not raw:
        return ""
    text = html.unescape(_TAGS.sub(" ", raw))
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " "
        for ch in unicodedata.normalize("NFC", text)
    )
    text = _SPACES.sub(" ", text).strip()
    return text[:limit].rstrip()


def fetch_feed(http: httpx.Client, spec: FeedSpec) -> list[FeedEntry]:
    """GET the feed and parse it; network and HTTP failures become FeedError."""
    try:
        response = http.get(
            spec.url,
            headers={"Accept": FEED_ACCEPT},
        )
    except httpx.HTTPError as exc:
        raise FeedError(f"feed {spec.url}: {type(exc).__name__}: {exc}") from exc
    if not response.is_success:
        raise FeedError(f"feed {spec.url}: HTTP {response.status_code}")
    if len(response.content) > MAX_FEED_BYTES:
        raise FeedError(f"feed {spec.url}: larger than {MAX_FEED_BYTES} bytes")
    return parse_feed(response.content, spec)


def parse_feed(content: bytes | str, spec: FeedSpec) -> list[FeedEntry]:
    """Entries of an RSS 2.0 or Atom document (other roots are refused)."""
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise FeedError(f"feed {spec.url}: not well-formed or unsafe XML ({exc})") from exc
    if root.tag == "rss" or root.tag.endswith("RDF"):
        items = root.iter("item")
        return [e for e in (_rss_entry(item, spec) for item in items) if e is not None]
    if root.tag == f"{ATOM}feed":
        entries = root.iter(f"{ATOM}entry")
        return [e for e in (_atom_entry(entry, spec) for entry in entries) if e is not None]
    raise FeedError(f"feed {spec.url}: root element {root.tag!r} is neither RSS nor Atom")


def _rss_entry(item: Element, spec: FeedSpec) -> FeedEntry | None:
    title = clean_text(item.findtext("title"))
    if not title:
        return None
    return FeedEntry(
        title=title,
        link=clean_text(item.findtext("link"), 500) or None,
        published=_rfc822(item.findtext("pubDate")),
        categories=tuple(c for c in (clean_text(x.text, 60) for x in item.iter("category")) if c),
        feed_url=spec.url,
        platform_hint=spec.platform_hint,
    )


def _atom_entry(entry: Element, spec: FeedSpec) -> FeedEntry | None:
    title = clean_text(entry.findtext(f"{ATOM}title"))
    if not title:
        return None
    link = entry.find(f"{ATOM}link")
    when = entry.findtext(f"{ATOM}updated") or entry.findtext(f"{ATOM}published")
    return FeedEntry(
        title=title,
        link=clean_text(link.get("href"), 500) or None if link is not None else None,
        published=_iso(when),
        categories=tuple(
            c for c in (clean_text(x.get("term"), 60) for x in entry.iter(f"{ATOM}category")) if c
        ),
        feed_url=spec.url,
        platform_hint=spec.platform_hint,
    )


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
