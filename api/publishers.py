"""Which publisher (and which OAuth refresher) a connected account gets, from the settings.

- an outbox integration (the demo's placeholder credentials) or no integration → the local
  outbox;
- Fanbase and Spill → an export package plus a "post it yourself" notification (they have no
  public publishing API);
- every other platform → the real official-API client over one shared ``httpx.Client``, with
  base URLs from the settings (tests point them at the local fake platform server), a rate
  limiter kept per account for the life of the process, and, for Instagram and Threads, public
  video URLs under ``TWINREEL_PUBLIC_MEDIA_BASE_URL``.

The database and the registry name YouTube differently (``youtube_shorts`` vs ``youtube``);
:func:`registry_platform` is the one place that translates.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx

from agents.publisher import is_outbox
from api.settings import Settings
from storage.identity import IntegrationKey, SocialAccount
from tools.platforms.base import Publisher
from tools.platforms.export_package import MANUAL_PLATFORMS, ExportPackagePublisher
from tools.platforms.limits import RateLimiter, default_limiter
from tools.platforms.meta_containers import PublicUrlFor
from tools.platforms.oauth import (
    GOOGLE_TOKEN_URL,
    LINKEDIN_TOKEN_URL,
    META_TOKEN_URL,
    THREADS_TOKEN_URL,
    TIKTOK_TOKEN_URL,
    Clock,
    GoogleRefresher,
    LinkedInRefresher,
    MetaLongLivedRefresher,
    OAuthRefresher,
    ThreadsRefresher,
    TikTokRefresher,
)
from tools.platforms.outbox import OutboxPublisher
from tools.platforms.polling import PollPolicy
from tools.platforms.registry import API_PLATFORMS, make_publisher

HTTP_TIMEOUT_SEC = 60.0


def registry_platform(platform: str) -> str:
    """The platform-client name for a stored platform (``youtube_shorts`` → ``youtube``)."""
    return "youtube" if platform == "youtube_shorts" else platform


@dataclass(frozen=True)
class PublishingConfig:
    """The settings publishing needs, detached from the environment (tests build it directly)."""

    outbox_dir: Path
    media_dir: Path
    base_urls: Mapping[str, str] = field(default_factory=dict)
    token_urls: Mapping[str, str] = field(default_factory=dict)
    client_ids: Mapping[str, str] = field(default_factory=dict)
    client_secrets: Mapping[str, str] = field(default_factory=dict)
    public_media_base_url: str | None = None
    poll: PollPolicy | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> PublishingConfig:
        return cls(
            outbox_dir=settings.resolved_outbox_dir,
            media_dir=settings.resolved_media_dir,
            base_urls=_by_registry_name(settings.platform_base_urls),
            token_urls=_by_registry_name(settings.platform_token_urls),
            client_ids=_by_registry_name(settings.platform_client_ids),
            client_secrets=_by_registry_name(
                {k: v.get_secret_value() for k, v in settings.platform_client_secrets.items()}
            ),
            public_media_base_url=settings.public_media_base_url,
        )


def _by_registry_name(values: Mapping[str, str]) -> dict[str, str]:
    return {registry_platform(key): value for key, value in values.items()}


class PlatformPublishers:
    """``publisher_for`` and ``refresher_for`` for the durable publisher, one per process.

    Call :meth:`close` (or use it as a context manager) to release the HTTP connection pool.
    """

    def __init__(
        self,
        config: PublishingConfig,
        http: httpx.Client | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or _utcnow
        self._own_http = http is None
        self.http = http or httpx.Client(timeout=HTTP_TIMEOUT_SEC, follow_redirects=False)
        self._limiters: dict[tuple[str, uuid.UUID], RateLimiter] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> PlatformPublishers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __call__(self, account: SocialAccount, integration: IntegrationKey | None) -> Publisher:
        platform = registry_platform(str(account.platform))
        if platform in MANUAL_PLATFORMS:
            return ExportPackagePublisher(self.config.outbox_dir, platform)
        if is_outbox(integration) or platform not in API_PLATFORMS:
            return OutboxPublisher(self.config.outbox_dir, str(account.platform))
        return make_publisher(
            platform,
            base_urls=self.config.base_urls,
            outbox_dir=self.config.outbox_dir,
            http=self.http,
            account_id=account.account_external_id,
            public_url_for=self._public_url_for(),
            limiter=self._limiter(platform, account.id),
            poll=self.config.poll,
        )

    def refresher_for(self, platform: str) -> OAuthRefresher | None:
        """The platform's refresh flow, or None when its OAuth app is not configured."""
        name = registry_platform(platform)
        urls = self.config.token_urls
        client_id = self.config.client_ids.get(name, "")
        secret = self.config.client_secrets.get(name, "")
        http, clock = self.http, self.clock
        if name == "threads":
            url = urls.get(name, THREADS_TOKEN_URL)
            return ThreadsRefresher(http=http, token_url=url, clock=clock)
        if not client_id or not secret:
            return None
        if name == "youtube":
            url = urls.get(name, GOOGLE_TOKEN_URL)
            return GoogleRefresher(client_id, secret, http=http, token_url=url, clock=clock)
        if name == "tiktok":
            url = urls.get(name, TIKTOK_TOKEN_URL)
            return TikTokRefresher(client_id, secret, http=http, token_url=url, clock=clock)
        if name == "linkedin":
            url = urls.get(name, LINKEDIN_TOKEN_URL)
            return LinkedInRefresher(client_id, secret, http=http, token_url=url, clock=clock)
        if name in {"instagram", "facebook"}:
            return MetaLongLivedRefresher(
                client_id,
                secret,
                http=http,
                platform=name,
                token_url=urls.get(name, META_TOKEN_URL),
                clock=clock,
            )
        return None

    def _limiter(self, platform: str, account_id: uuid.UUID) -> RateLimiter:
        with self._lock:
            key = (platform, account_id)
            if key not in self._limiters:
                self._limiters[key] = default_limiter(platform)
            return self._limiters[key]

    def _public_url_for(self) -> PublicUrlFor | None:
        base = self.config.public_media_base_url
        if not base:
            return None
        root = self.config.media_dir.resolve()
        prefix = base.rstrip("/")

        def public_url(path: Path) -> str:
            resolved = path.resolve()
            if not resolved.is_relative_to(root):
                raise ValueError(f"{resolved} is not inside the media folder {root}")
            return f"{prefix}/{quote(resolved.relative_to(root).as_posix())}"

        return public_url


def _utcnow() -> datetime:
    return datetime.now(UTC)
