"""Building the right Publisher for a platform name, so callers never import a client directly.

`http=None` means offline: every platform then publishes into the local outbox (the default
when Twinreel runs with no network or no connected account). Fanbase and Spill always get an
export package because they have no public publishing API.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx

from tools.platforms.base import Publisher
from tools.platforms.export_package import MANUAL_PLATFORMS, ExportPackagePublisher
from tools.platforms.facebook import FACEBOOK_BASE_URL, FacebookReelsPublisher
from tools.platforms.instagram import INSTAGRAM_BASE_URL, InstagramPublisher
from tools.platforms.limits import RateLimiter
from tools.platforms.linkedin import LINKEDIN_BASE_URL, LinkedInPublisher
from tools.platforms.meta_containers import PublicUrlFor
from tools.platforms.outbox import OutboxPublisher
from tools.platforms.polling import PollPolicy
from tools.platforms.threads import THREADS_BASE_URL, ThreadsPublisher
from tools.platforms.tiktok import TIKTOK_BASE_URL, TikTokPublisher
from tools.platforms.youtube import YOUTUBE_BASE_URL, YouTubePublisher

API_PLATFORMS = ("youtube", "instagram", "tiktok", "linkedin", "threads", "facebook")
DEFAULT_BASE_URLS = {
    "youtube": YOUTUBE_BASE_URL,
    "instagram": INSTAGRAM_BASE_URL,
    "tiktok": TIKTOK_BASE_URL,
    "linkedin": LINKEDIN_BASE_URL,
    "threads": THREADS_BASE_URL,
    "facebook": FACEBOOK_BASE_URL,
}
ACCOUNT_ID_MEANING = {
    "instagram": "the Instagram professional account id (ig-user-id)",
    "threads": "the Threads user id",
    "facebook": "the Facebook Page id",
    "linkedin": "the author URN (urn:li:person:… or urn:li:organization:…)",
}
KNOWN_PLATFORMS = ("outbox", *API_PLATFORMS, *MANUAL_PLATFORMS)


def make_publisher(
    platform: str,
    *,
    base_urls: Mapping[str, str] | None = None,
    outbox_dir: Path,
    http: httpx.Client | None = None,
    account_id: str | None = None,
    public_url_for: PublicUrlFor | None = None,
    limiter: RateLimiter | None = None,
    poll: PollPolicy | None = None,
) -> Publisher:
    """The publisher for `platform`; see the module docstring for the offline rule."""
    if platform not in KNOWN_PLATFORMS:
        raise ValueError(f"platform {platform!r} is not one of {', '.join(KNOWN_PLATFORMS)}")
    if platform == "outbox":
        return OutboxPublisher(outbox_dir)
    if platform in MANUAL_PLATFORMS:
        return ExportPackagePublisher(outbox_dir, platform)
    if http is None:
        return OutboxPublisher(outbox_dir, platform)
    base_url = (base_urls or {}).get(platform, DEFAULT_BASE_URLS[platform])
    if platform in ACCOUNT_ID_MEANING and not account_id:
        raise ValueError(f"account_id is required for {platform}: {ACCOUNT_ID_MEANING[platform]}")
    if platform == "youtube":
        return YouTubePublisher(base_url=base_url, http=http, limiter=limiter, poll=poll)
    if platform == "tiktok":
        return TikTokPublisher(base_url=base_url, http=http, limiter=limiter, poll=poll)
    assert account_id is not None
    if platform == "instagram":
        return InstagramPublisher(
            ig_user_id=account_id,
            public_url_for=public_url_for,
            base_url=base_url,
            http=http,
            limiter=limiter,
            poll=poll,
        )
    if platform == "threads":
        return ThreadsPublisher(
            threads_user_id=account_id,
            public_url_for=public_url_for,
            base_url=base_url,
            http=http,
            limiter=limiter,
            poll=poll,
        )
    if platform == "facebook":
        return FacebookReelsPublisher(
            page_id=account_id, base_url=base_url, http=http, limiter=limiter, poll=poll
        )
    return LinkedInPublisher(
        owner_urn=account_id, base_url=base_url, http=http, limiter=limiter, poll=poll
    )
