"""One local HTTP server that imitates every publishing platform's official API.

It speaks the documented request/response shapes of YouTube (resumable upload, thumbnails, Google
token endpoint), Instagram and Threads (containers, status, publish, limits, token exchange),
Facebook Pages Reels (video_reels + rupload), TikTok Content Posting (creator info, init, chunked
upload, status) and LinkedIn (videos initialize/finalize with ETags, rest/posts, token refresh),
under one path prefix per platform. Tests inject faults (5xx, 429 + Retry-After, expired tokens,
stuck processing, a connection dropped mid-upload) and assert on what was published.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

PLATFORMS = ("youtube", "instagram", "threads", "facebook", "tiktok", "linkedin")
META_VERSION = "v21.0"
PREFIXES = {
    "youtube": "/youtube",
    "instagram": f"/instagram/{META_VERSION}",
    "threads": "/threads/v1.0",
    "facebook": f"/facebook/{META_VERSION}",
    "tiktok": "/tiktok",
    "linkedin": "/linkedin",
}


@dataclass
class PublishedPost:
    """One post that now exists on a fake platform."""

    platform: str
    post_id: str
    text: str
    video_bytes: int
    video_sha256: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fault:
    """An injected failure for the next `times` requests matching method and path fragment."""

    method: str
    path_contains: str
    status: int | None = None
    retry_after: str | None = None
    drop: bool = False
    times: int = 1
    keep_partial: bool = False


@dataclass
class _Tokens:
    serial: int = 1
    expired: bool = False
    revoked: bool = False

    def current(self, platform: str) -> str:
        return f"{platform}-access-{self.serial}"


@dataclass
class _Upload:
    """Bytes of one in-flight upload, whatever the platform calls it."""

    total: int
    data: bytearray = field(default_factory=bytearray)
    meta: dict[str, Any] = field(default_factory=dict)
    parts: dict[int, bytes] = field(default_factory=dict)
    polls: int = 0
    state: str = "uploading"
    post_id: str | None = None


class _DropConnectionError(Exception):
    """Raised by a handler to close the connection without answering."""


Response = tuple[int, dict[str, str], Any]


class FakePlatformServer:
    """Start with `with FakePlatformServer() as fake:`; point clients at `fake.base_url(p)`."""

    def __init__(
        self,
        *,
        linkedin_part_size: int = 128 * 1024,
        tiktok_min_chunk: int = 64 * 1024,
        processing_polls: int = 1,
        instagram_quota_total: int = 100,
        tiktok_privacy_options: tuple[str, ...] = (
            "PUBLIC_TO_EVERYONE",
            "MUTUAL_FOLLOW_FRIENDS",
            "SELF_ONLY",
        ),
        tiktok_max_duration_sec: int = 600,
    ) -> None:
        self.linkedin_part_size = linkedin_part_size
        self.tiktok_min_chunk = tiktok_min_chunk
        self.processing_polls = processing_polls
        self.instagram_quota_total = instagram_quota_total
        self.tiktok_privacy_options = tiktok_privacy_options
        self.tiktok_max_duration_sec = tiktok_max_duration_sec
        self.posts: list[PublishedPost] = []
        self.requests: list[tuple[str, str]] = []
        self.upload_bytes_received: dict[str, int] = dict.fromkeys(PLATFORMS, 0)
        self.refresh_calls: dict[str, int] = dict.fromkeys(PLATFORMS, 0)
        self.instagram_quota_usage = 0
        self._faults: list[Fault] = []
        self._insights: dict[tuple[str, str], dict[str, float]] = {}
        self._tokens = {p: _Tokens() for p in PLATFORMS}
        self._uploads: dict[str, _Upload] = {}
        self._ids = itertools.count(1000)
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._routes = self._build_routes()

    # ----------------------------------------------------------------- lifecycle
    def __enter__(self) -> FakePlatformServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def origin(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def base_url(self, platform: str) -> str:
        """The value to pass as a client's `base_url` for `platform`."""
        return self.origin + PREFIXES[platform]

    def base_urls(self) -> dict[str, str]:
        return {p: self.base_url(p) for p in PLATFORMS}

    def token_url(self, platform: str) -> str:
        """The refresh/exchange endpoint each OAuthRefresher should use."""
        return (
            self.origin
            + {
                "youtube": "/google/token",
                "tiktok": "/tiktok/v2/oauth/token/",
                "linkedin": "/linkedin/oauth/v2/accessToken",
                "instagram": f"/instagram/{META_VERSION}/oauth/access_token",
                "facebook": f"/facebook/{META_VERSION}/oauth/access_token",
                "threads": "/threads/refresh_access_token",
            }[platform]
        )

    # ---------------------------------------------------------------- test knobs
    def access_token(self, platform: str) -> str:
        with self._lock:
            return self._tokens[platform].current(platform)

    def refresh_token(self, platform: str) -> str:
        return f"{platform}-refresh"

    def expire_token(self, platform: str) -> None:
        """Reject the current access token (401/190) until a refresh issues a new one."""
        with self._lock:
            self._tokens[platform].expired = True

    def revoke(self, platform: str) -> None:
        """Make the refresh flow refuse (revoked grant)."""
        with self._lock:
            self._tokens[platform].revoked = True
            self._tokens[platform].expired = True

    def inject(
        self,
        method: str,
        path_contains: str,
        *,
        status: int | None = None,
        retry_after: str | None = None,
        drop: bool = False,
        times: int = 1,
        keep_partial: bool = False,
    ) -> None:
        """Fail matching requests; `drop` closes the connection after half the body, and
        `keep_partial` lets the route store that half first (as YouTube may persist it)."""
        with self._lock:
            self._faults.append(
                Fault(method.upper(), path_contains, status, retry_after, drop, times, keep_partial)
            )

    def posts_for(self, platform: str) -> list[PublishedPost]:
        with self._lock:
            return [p for p in self.posts if p.platform == platform]

    def set_insights(self, platform: str, post_id: str, **truth: float) -> None:
        """What the platform's insights endpoint reports for `post_id`, in neutral names
        (views, impressions, likes, comments, shares, saves, watch_time_sec, followers_gained,
        followers_lost, average_view_pct, click_rate_pct); each route renders them in its
        platform's own metric names and shape."""
        with self._lock:
            self._insights[(platform, post_id)] = dict(truth)

    def upload_requests(self, platform: str) -> int:
        """How many requests carried video bytes to `platform`."""
        marker = {
            "youtube": "/upload-session/",
            "tiktok": "/tiktok-upload/",
            "linkedin": "/linkedin-upload/",
            "facebook": "/rupload/",
        }.get(platform, "@@")
        with self._lock:
            return sum(1 for m, p in self.requests if marker in p and m in {"PUT", "POST"})

    # ---------------------------------------------------------------- dispatch
    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and fault.method == method and fault.path_contains in path:
                    fault.times -= 1
                    return fault
        return None

    def _new_id(self, prefix: str = "") -> str:
        return f"{prefix}{next(self._ids)}"

    def _authorized(self, platform: str, token: str | None) -> bool:
        state = self._tokens[platform]
        return token == state.current(platform) and not state.expired

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Response]]]:
        ig, th, fb = PREFIXES["instagram"], PREFIXES["threads"], PREFIXES["facebook"]
        table: list[tuple[str, str, Callable[..., Response]]] = [
            ("POST", r"/google/token", self._google_token),
            ("POST", r"/youtube/upload/youtube/v3/videos", self._yt_start),
            ("PUT", r"/youtube/upload-session/(?P<sid>[\w-]+)", self._yt_put),
            ("POST", r"/youtube/upload/youtube/v3/thumbnails/set", self._yt_thumbnail),
            ("GET", rf"{ig}/oauth/access_token", self._meta_exchange("instagram")),
            ("GET", rf"{ig}/(?P<uid>ig-\d+)/content_publishing_limit", self._ig_limit),
            ("POST", rf"{ig}/(?P<uid>ig-\d+)/media", self._container_create("instagram")),
            ("GET", rf"{ig}/(?P<uid>ig-\d+)/media", self._recent("instagram")),
            ("POST", rf"{ig}/(?P<uid>ig-\d+)/media_publish", self._container_publish("instagram")),
            ("GET", rf"{ig}/(?P<oid>[\w-]+)/insights", self._meta_insights("instagram")),
            ("GET", rf"{ig}/(?P<oid>[\w-]+)", self._object("instagram")),
            ("GET", r"/threads/refresh_access_token", self._threads_refresh),
            ("GET", rf"{th}/(?P<uid>th-\d+)/threads_publishing_limit", self._threads_limit),
            ("POST", rf"{th}/(?P<uid>th-\d+)/threads", self._container_create("threads")),
            ("GET", rf"{th}/(?P<uid>th-\d+)/threads", self._recent("threads")),
            ("POST", rf"{th}/(?P<uid>th-\d+)/threads_publish", self._container_publish("threads")),
            ("GET", rf"{th}/(?P<oid>[\w-]+)/insights", self._meta_insights("threads")),
            ("GET", rf"{th}/(?P<oid>[\w-]+)", self._object("threads")),
            ("GET", rf"{fb}/oauth/access_token", self._meta_exchange("facebook")),
            ("POST", rf"{fb}/(?P<page>page-\d+)/video_reels", self._fb_reels),
            ("POST", rf"/rupload/video-upload/{META_VERSION}/(?P<vid>[\w-]+)", self._fb_upload),
            ("GET", rf"{fb}/(?P<oid>[\w-]+)/video_insights", self._meta_insights("facebook")),
            ("GET", rf"{fb}/(?P<vid>[\w-]+)", self._fb_status),
            ("GET", r"/youtube/youtubeAnalytics/v2/reports", self._yt_reports),
            ("POST", r"/tiktok/v2/video/query/", self._tt_video_query),
            ("GET", r"/linkedin/rest/memberCreatorPostAnalytics", self._li_post_analytics),
            ("GET", r"/linkedin/rest/videoAnalytics", self._li_video_analytics),
            ("POST", r"/tiktok/v2/oauth/token/", self._tiktok_token),
            ("POST", r"/tiktok/v2/post/publish/creator_info/query/", self._tt_creator),
            ("POST", r"/tiktok/v2/post/publish/video/init/", self._tt_init),
            ("PUT", r"/tiktok-upload/(?P<pid>[\w.~-]+)", self._tt_upload),
            ("POST", r"/tiktok/v2/post/publish/status/fetch/", self._tt_status),
            ("POST", r"/linkedin/oauth/v2/accessToken", self._linkedin_token),
            ("POST", r"/linkedin/rest/videos", self._li_videos),
            ("PUT", r"/linkedin-upload/(?P<vid>[\w-]+)/(?P<part>\d+)", self._li_part),
            ("GET", r"/linkedin/rest/videos/(?P<urn>[^/]+)", self._li_video_status),
            ("POST", r"/linkedin/rest/posts", self._li_post),
            ("GET", r"/linkedin/rest/posts", self._li_find_posts),
        ]
        return [(m, re.compile(p + "$"), h) for m, p, h in table]

    def handle(self, request: _Request) -> Response:
        with self._lock:
            self.requests.append((request.method, request.path))
        fault = self._take_fault(request.method, request.path)
        if fault is not None:
            if fault.drop:
                request.read_body(partial=True)
                if fault.keep_partial:
                    self._route(request)
                raise _DropConnectionError
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            status = fault.status or 500
            return (
                status,
                headers,
                {
                    "error": {
                        "message": f"injected fault {status}",
                        "code": 2 if status >= 500 else 4,
                        "is_transient": True,
                        "type": "OAuthException",
                    }
                },
            )
        return self._route(request)

    def _route(self, request: _Request) -> Response:
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                with self._lock:
                    return handler(request, **match.groupdict())
        return 404, {}, {"error": {"message": f"no route {request.method} {request.path}"}}

    # ---------------------------------------------------------------- helpers
    def _record(self, platform: str, post_id: str, text: str, data: bytes, **details: Any) -> None:
        self.posts.append(
            PublishedPost(
                platform, post_id, text, len(data), hashlib.sha256(data).hexdigest(), details
            )
        )

    def _refresh_grant(self, platform: str, refresh_token: str | None) -> Response:
        state = self._tokens[platform]
        self.refresh_calls[platform] += 1
        if state.revoked or refresh_token != self.refresh_token(platform):
            return (
                400,
                {},
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
            )
        state.serial += 1
        state.expired = False
        body: dict[str, Any] = {
            "access_token": state.current(platform),
            "expires_in": 3599,
            "token_type": "Bearer",
        }
        if platform in {"tiktok", "linkedin"}:
            body.update(refresh_token=self.refresh_token(platform), refresh_expires_in=31536000)
        return 200, {}, body

    # ---------------------------------------------------------------- Google / YouTube
    def _google_token(self, req: _Request) -> Response:
        form = req.form()
        if form.get("grant_type") != "refresh_token" or not form.get("client_id"):
            return 400, {}, {"error": "invalid_request"}
        return self._refresh_grant("youtube", form.get("refresh_token"))

    def _yt_unauthorized(self) -> Response:
        return (
            401,
            {},
            {
                "error": {
                    "code": 401,
                    "status": "UNAUTHENTICATED",
                    "message": "Request had invalid authentication credentials.",
                    "errors": [{"reason": "authError"}],
                }
            },
        )

    def _yt_start(self, req: _Request) -> Response:
        if not self._authorized("youtube", req.bearer()):
            return self._yt_unauthorized()
        if req.query.get("uploadType") != "resumable" or "snippet" not in req.query.get("part", ""):
            return 400, {}, {"error": {"code": 400, "message": "uploadType=resumable required"}}
        resource = req.json()
        title = resource.get("snippet", {}).get("title", "")
        if not title or len(title) > 100:
            return (
                400,
                {},
                {
                    "error": {
                        "code": 400,
                        "message": "invalid title",
                        "errors": [{"reason": "invalidTitle"}],
                    }
                },
            )
        if "selfDeclaredMadeForKids" not in resource.get("status", {}):
            return 400, {}, {"error": {"code": 400, "message": "status.selfDeclaredMadeForKids"}}
        sid = self._new_id("yt-session-")
        self._uploads[sid] = _Upload(
            int(req.headers["x-upload-content-length"]), meta={"resource": resource}
        )
        return 200, {"Location": f"{self.origin}/youtube/upload-session/{sid}"}, {}

    def _yt_put(self, req: _Request, sid: str) -> Response:
        upload = self._uploads.get(sid)
        if upload is None:
            return 404, {}, {"error": {"code": 404, "message": "upload session not found"}}
        if not self._authorized("youtube", req.bearer()):
            return self._yt_unauthorized()
        content_range = req.headers.get("content-range", "")
        query = re.fullmatch(r"bytes \*/(\d+)", content_range)
        if query is None:
            match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", content_range)
            if match is None:
                return 400, {}, {"error": {"message": f"bad Content-Range {content_range!r}"}}
            start = int(match.group(1))
            body = req.read_body()
            self.upload_bytes_received["youtube"] += len(body)
            if upload.post_id is None and start == len(upload.data):
                upload.data.extend(body)
        if upload.post_id is None and len(upload.data) >= upload.total:
            upload.post_id = self._new_id("yt")
            snippet = upload.meta["resource"]["snippet"]
            self._record(
                "youtube",
                upload.post_id,
                snippet["description"],
                bytes(upload.data),
                title=snippet["title"],
                status=upload.meta["resource"]["status"],
            )
        if upload.post_id is not None:
            return (
                201,
                {},
                {
                    "kind": "youtube#video",
                    "id": upload.post_id,
                    "snippet": upload.meta["resource"]["snippet"],
                    "status": {**upload.meta["resource"]["status"], "uploadStatus": "uploaded"},
                },
            )
        headers = {"Range": f"bytes=0-{len(upload.data) - 1}"} if upload.data else {}
        return 308, headers, None

    def _yt_thumbnail(self, req: _Request) -> Response:
        if not self._authorized("youtube", req.bearer()):
            return self._yt_unauthorized()
        video_id = req.query.get("videoId")
        post = next((p for p in self.posts if p.post_id == video_id), None)
        if post is None:
            return 404, {}, {"error": {"code": 404, "message": f"video {video_id} not found"}}
        post.details["thumbnail_bytes"] = len(req.read_body())
        return (
            200,
            {},
            {
                "kind": "youtube#thumbnailSetResponse",
                "items": [{"default": {"url": "https://i.ytimg.com/x.jpg"}}],
            },
        )

    # ---------------------------------------------------------------- Meta (IG, Threads)
    def _meta_unauthorized(self) -> Response:
        return (
            400,
            {},
            {
                "error": {
                    "message": "Error validating access token: Session has expired",
                    "type": "OAuthException",
                    "code": 190,
                    "error_subcode": 463,
                }
            },
        )

    def _meta_exchange(self, platform: str) -> Callable[..., Response]:
        def exchange(req: _Request) -> Response:
            self.refresh_calls[platform] += 1
            q = req.query
            if q.get("grant_type") != "fb_exchange_token" or not q.get("client_secret"):
                return 400, {}, {"error": {"message": "bad grant", "code": 100}}
            if not self._authorized(platform, q.get("fb_exchange_token")):
                return self._meta_unauthorized()
            state = self._tokens[platform]
            state.serial += 1
            return (
                200,
                {},
                {
                    "access_token": state.current(platform),
                    "token_type": "bearer",
                    "expires_in": 5183944,
                },
            )

        return exchange

    def _threads_refresh(self, req: _Request) -> Response:
        self.refresh_calls["threads"] += 1
        if req.query.get("grant_type") != "th_refresh_token":
            return 400, {}, {"error": {"message": "bad grant", "code": 100}}
        if not self._authorized("threads", req.query.get("access_token")):
            return self._meta_unauthorized()
        state = self._tokens["threads"]
        state.serial += 1
        return (
            200,
            {},
            {
                "access_token": state.current("threads"),
                "token_type": "bearer",
                "expires_in": 5183944,
            },
        )

    def _ig_limit(self, req: _Request, uid: str) -> Response:
        if not self._authorized("instagram", req.param("access_token")):
            return self._meta_unauthorized()
        return (
            200,
            {},
            {
                "data": [
                    {
                        "quota_usage": self.instagram_quota_usage,
                        "config": {
                            "quota_total": self.instagram_quota_total,
                            "quota_duration": 86400,
                        },
                    }
                ]
            },
        )

    def _threads_limit(self, req: _Request, uid: str) -> Response:
        if not self._authorized("threads", req.param("access_token")):
            return self._meta_unauthorized()
        used = len(self.posts_for("threads"))
        return (
            200,
            {},
            {
                "data": [
                    {"quota_usage": used, "config": {"quota_total": 250, "quota_duration": 86400}}
                ]
            },
        )

    def _container_create(self, platform: str) -> Callable[..., Response]:
        def create(req: _Request, uid: str) -> Response:
            if not self._authorized(platform, req.param("access_token")):
                return self._meta_unauthorized()
            media_type = req.param("media_type")
            expected = "REELS" if platform == "instagram" else "VIDEO"
            if media_type != expected or not req.param("video_url"):
                return (
                    400,
                    {},
                    {
                        "error": {
                            "message": f"media_type must be {expected} with video_url",
                            "code": 100,
                        }
                    },
                )
            text = req.param("caption" if platform == "instagram" else "text") or ""
            if platform == "threads" and len(text.encode("utf-8")) > 500:
                return 400, {}, {"error": {"message": "text too long", "code": 100}}
            cid = self._new_id("container-")
            self._uploads[cid] = _Upload(
                0,
                meta={"platform": platform, "text": text, "params": req.params(), "uid": uid},
                state="IN_PROGRESS",
            )
            return 200, {}, {"id": cid}

        return create

    def _container_publish(self, platform: str) -> Callable[..., Response]:
        def publish(req: _Request, uid: str) -> Response:
            if not self._authorized(platform, req.param("access_token")):
                return self._meta_unauthorized()
            container = self._uploads.get(req.param("creation_id") or "")
            if container is None or container.meta.get("platform") != platform:
                return 400, {}, {"error": {"message": "unknown creation_id", "code": 100}}
            if container.state == "PUBLISHED":
                return (
                    400,
                    {},
                    {
                        "error": {
                            "message": "The media has already been published",
                            "code": 9007,
                            "error_subcode": 2207006,
                        }
                    },
                )
            if container.state != "FINISHED":
                return (
                    400,
                    {},
                    {
                        "error": {
                            "message": "Media ID is not available",
                            "code": 9007,
                            "error_subcode": 2207027,
                        }
                    },
                )
            container.state = "PUBLISHED"
            container.post_id = self._new_id("media-" if platform == "instagram" else "thread-")
            if platform == "instagram":
                self.instagram_quota_usage += 1
            self._record(
                platform,
                container.post_id,
                container.meta["text"],
                b"",
                container_id=req.param("creation_id"),
                params=container.meta["params"],
            )
            return 200, {}, {"id": container.post_id}

        return publish

    def _recent(self, platform: str) -> Callable[..., Response]:
        def recent(req: _Request, uid: str) -> Response:
            if not self._authorized(platform, req.param("access_token")):
                return self._meta_unauthorized()
            text_field = "caption" if platform == "instagram" else "text"
            data = [
                {
                    "id": p.post_id,
                    text_field: p.text,
                    "permalink": f"https://example.test/{platform}/{p.post_id}",
                }
                for p in reversed(self.posts_for(platform))
            ]
            return 200, {}, {"data": data}

        return recent

    def _object(self, platform: str) -> Callable[..., Response]:
        def get(req: _Request, oid: str) -> Response:
            if not self._authorized(platform, req.param("access_token")):
                return self._meta_unauthorized()
            container = self._uploads.get(oid)
            if container is not None:
                if container.state == "IN_PROGRESS":
                    container.polls += 1
                    if container.polls > self.processing_polls:
                        container.state = "FINISHED"
                        return 200, {}, {"id": oid, "status_code": "FINISHED", "status": "FINISHED"}
                    return (
                        200,
                        {},
                        {"id": oid, "status_code": "IN_PROGRESS", "status": "IN_PROGRESS"},
                    )
                return (
                    200,
                    {},
                    {"id": oid, "status_code": container.state, "status": container.state},
                )
            if any(p.post_id == oid for p in self.posts_for(platform)):
                return 200, {}, {"id": oid, "permalink": f"https://example.test/{platform}/{oid}"}
            return 400, {}, {"error": {"message": f"Unsupported get request {oid}", "code": 100}}

        return get

    # ---------------------------------------------------------------- Facebook Reels
    def _fb_reels(self, req: _Request, page: str) -> Response:
        if not self._authorized("facebook", req.param("access_token")):
            return self._meta_unauthorized()
        phase = req.param("upload_phase")
        if phase == "start":
            vid = self._new_id("fbvid-")
            self._uploads[vid] = _Upload(0, meta={"platform": "facebook", "page": page})
            return (
                200,
                {},
                {
                    "video_id": vid,
                    "upload_url": f"{self.origin}/rupload/video-upload/{META_VERSION}/{vid}",
                },
            )
        if phase == "finish":
            vid = req.param("video_id") or ""
            upload = self._uploads.get(vid)
            if upload is None or upload.state == "uploading":
                return 400, {}, {"error": {"message": "video not uploaded", "code": 100}}
            if req.param("video_state") != "PUBLISHED":
                return (
                    400,
                    {},
                    {"error": {"message": "video_state must be PUBLISHED here", "code": 100}},
                )
            if upload.post_id is None:
                upload.post_id = vid
                upload.state = "publishing"
                self._record("facebook", vid, req.param("description") or "", bytes(upload.data))
            return 200, {}, {"success": True}
        return 400, {}, {"error": {"message": f"bad upload_phase {phase!r}", "code": 100}}

    def _fb_upload(self, req: _Request, vid: str) -> Response:
        upload = self._uploads.get(vid)
        token = req.headers.get("authorization", "").removeprefix("OAuth ")
        if not self._authorized("facebook", token):
            return 401, {}, {"debug_info": {"type": "AuthError", "message": "invalid token"}}
        if upload is None:
            return 404, {}, {"debug_info": {"message": "unknown video"}}
        offset = int(req.headers.get("offset", "-1"))
        upload.total = int(req.headers.get("file_size", "0"))
        body = req.read_body()
        self.upload_bytes_received["facebook"] += len(body)
        if offset != len(upload.data):
            return (
                400,
                {},
                {
                    "debug_info": {
                        "type": "OffsetInvalidError",
                        "message": f"expected offset {len(upload.data)}",
                    }
                },
            )
        upload.data.extend(body)
        if len(upload.data) >= upload.total:
            upload.state = "uploaded"
        return 200, {}, {"success": True}

    def _fb_status(self, req: _Request, vid: str) -> Response:
        if not self._authorized("facebook", req.param("access_token")):
            return self._meta_unauthorized()
        upload = self._uploads.get(vid)
        if upload is None:
            return 400, {}, {"error": {"message": f"unknown video {vid}", "code": 100}}
        publishing = "not_started"
        video_status = "upload_complete" if upload.state != "uploading" else "uploading"
        if upload.state == "publishing":
            upload.polls += 1
            if upload.polls > self.processing_polls:
                upload.state = "published"
            else:
                publishing = "in_progress"
                video_status = "processing"
        if upload.state == "published":
            publishing, video_status = "complete", "ready"
        return (
            200,
            {},
            {
                "id": vid,
                "status": {
                    "video_status": video_status,
                    "uploading_phase": {
                        "status": "complete" if upload.state != "uploading" else "in_progress",
                        "bytes_transferred": len(upload.data),
                    },
                    "processing_phase": {
                        "status": "complete" if upload.state == "published" else "not_started"
                    },
                    "publishing_phase": {
                        "status": publishing,
                        "publish_status": "published"
                        if publishing == "complete"
                        else "not_published",
                    },
                },
            },
        )

    # ---------------------------------------------------------------- TikTok
    def _tt_error(self, status: int, code: str, message: str) -> Response:
        return status, {}, {"error": {"code": code, "message": message, "log_id": "log"}}

    def _tiktok_token(self, req: _Request) -> Response:
        form = req.form()
        if form.get("grant_type") != "refresh_token" or not form.get("client_key"):
            return 400, {}, {"error": "invalid_request"}
        return self._refresh_grant("tiktok", form.get("refresh_token"))

    def _tt_auth(self, req: _Request) -> Response | None:
        if not self._authorized("tiktok", req.bearer()):
            return self._tt_error(401, "access_token_invalid", "The access token is invalid.")
        return None

    def _tt_creator(self, req: _Request) -> Response:
        if (denied := self._tt_auth(req)) is not None:
            return denied
        return (
            200,
            {},
            {
                "data": {
                    "creator_username": "twin",
                    "creator_nickname": "Twin",
                    "privacy_level_options": list(self.tiktok_privacy_options),
                    "comment_disabled": False,
                    "duet_disabled": False,
                    "stitch_disabled": True,
                    "max_video_post_duration_sec": self.tiktok_max_duration_sec,
                },
                "error": {"code": "ok", "message": "", "log_id": "log"},
            },
        )

    def _tt_init(self, req: _Request) -> Response:
        if (denied := self._tt_auth(req)) is not None:
            return denied
        body = req.json()
        post, source = body.get("post_info", {}), body.get("source_info", {})
        if post.get("privacy_level") not in self.tiktok_privacy_options:
            return self._tt_error(400, "privacy_level_option_mismatch", "privacy_level")
        if source.get("source") != "FILE_UPLOAD":
            return self._tt_error(400, "invalid_params", "source")
        size, chunk, count = (
            int(source.get(k, 0)) for k in ("video_size", "chunk_size", "total_chunk_count")
        )
        valid = (
            chunk > 0
            and count == max(1, size // chunk)
            and (chunk >= self.tiktok_min_chunk or chunk == size)
        )
        if not valid:
            return self._tt_error(400, "invalid_params", "chunk_size/total_chunk_count")
        pid = self._new_id("v_pub_file~")
        self._uploads[pid] = _Upload(size, meta={"post_info": post, "chunk": chunk, "count": count})
        return (
            200,
            {},
            {
                "data": {"publish_id": pid, "upload_url": f"{self.origin}/tiktok-upload/{pid}"},
                "error": {"code": "ok", "message": "", "log_id": "log"},
            },
        )

    def _tt_upload(self, req: _Request, pid: str) -> Response:
        upload = self._uploads.get(pid)
        if upload is None:
            return 404, {}, {"error": {"code": "not_found"}}
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", req.headers.get("content-range", ""))
        body = req.read_body()
        self.upload_bytes_received["tiktok"] += len(body)
        if match is None or int(match.group(1)) != len(upload.data):
            return 416, {}, {"error": {"code": "invalid_range"}}
        upload.data.extend(body)
        if len(upload.data) >= upload.total:
            upload.state = "processing"
            upload.post_id = self._new_id("7")
            self._record(
                "tiktok",
                upload.post_id,
                upload.meta["post_info"].get("title", ""),
                bytes(upload.data),
                post_info=upload.meta["post_info"],
            )
            return 201, {}, None
        return 206, {}, None

    def _tt_status(self, req: _Request) -> Response:
        if (denied := self._tt_auth(req)) is not None:
            return denied
        upload = self._uploads.get(req.json().get("publish_id", ""))
        if upload is None:
            return self._tt_error(400, "invalid_publish_id", "publish_id")
        status = "PROCESSING_UPLOAD"
        ids: list[str] = []
        if upload.state == "processing":
            upload.polls += 1
            status = "PROCESSING_DOWNLOAD"
            if upload.polls > self.processing_polls:
                upload.state = "complete"
        if upload.state == "complete":
            status = "PUBLISH_COMPLETE"
            ids = [upload.post_id or ""]
        return (
            200,
            {},
            {
                "data": {
                    "status": status,
                    "uploaded_bytes": len(upload.data),
                    "publicaly_available_post_id": ids,
                },
                "error": {"code": "ok", "message": "", "log_id": "log"},
            },
        )

    # ---------------------------------------------------------------- LinkedIn
    def _li_auth(self, req: _Request) -> Response | None:
        if not self._authorized("linkedin", req.bearer()):
            return (
                401,
                {},
                {
                    "status": 401,
                    "serviceErrorCode": 65601,
                    "message": "The token used in the request has expired",
                },
            )
        if not re.fullmatch(r"\d{6}", req.headers.get("linkedin-version", "")) or (
            req.headers.get("x-restli-protocol-version") != "2.0.0"
        ):
            return 400, {}, {"status": 400, "message": "versioned headers required"}
        return None

    def _linkedin_token(self, req: _Request) -> Response:
        form = req.form()
        if form.get("grant_type") != "refresh_token" or not form.get("client_id"):
            return 400, {}, {"error": "invalid_request"}
        return self._refresh_grant("linkedin", form.get("refresh_token"))

    def _li_videos(self, req: _Request) -> Response:
        if (denied := self._li_auth(req)) is not None:
            return denied
        action = req.query.get("action")
        body = req.json()
        if action == "initializeUpload":
            init = body["initializeUploadRequest"]
            size = int(init["fileSizeBytes"])
            vid = self._new_id("C5")
            urn = f"urn:li:video:{vid}"
            step = self.linkedin_part_size
            instructions = [
                {
                    "uploadUrl": f"{self.origin}/linkedin-upload/{vid}/{i}",
                    "firstByte": first,
                    "lastByte": min(first + step, size) - 1,
                }
                for i, first in enumerate(range(0, size, step))
            ]
            self._uploads[urn] = _Upload(
                size,
                meta={
                    "owner": init["owner"],
                    "vid": vid,
                    "token": f"tok-{vid}",
                    "parts": len(instructions),
                },
            )
            value: dict[str, Any] = {
                "video": urn,
                "uploadInstructions": instructions,
                "uploadToken": f"tok-{vid}",
                "uploadUrlsExpireAt": 1_900_000_000_000,
            }
            if init.get("uploadThumbnail"):
                value["thumbnailUploadUrl"] = f"{self.origin}/linkedin-upload/{vid}/999"
            return 200, {}, {"value": value}
        if action == "finalizeUpload":
            final = body["finalizeUploadRequest"]
            upload = self._uploads.get(final["video"])
            if upload is None or final.get("uploadToken") != upload.meta["token"]:
                return 400, {}, {"status": 400, "message": "unknown video or uploadToken"}
            expected = [
                hashlib.md5(upload.parts[i]).hexdigest()
                for i in range(upload.meta["parts"])
                if i in upload.parts
            ]
            if len(expected) != upload.meta["parts"] or final["uploadedPartIds"] != expected:
                return 400, {}, {"status": 400, "message": "uploadedPartIds do not match"}
            upload.data = bytearray(b"".join(upload.parts[i] for i in range(len(expected))))
            upload.state = "PROCESSING"
            return 200, {}, None
        return 400, {}, {"status": 400, "message": f"unknown action {action}"}

    def _li_part(self, req: _Request, vid: str, part: str) -> Response:
        upload = self._uploads.get(f"urn:li:video:{vid}")
        if upload is None:
            return 404, {}, None
        body = req.read_body()
        self.upload_bytes_received["linkedin"] += len(body)
        if part == "999":
            upload.meta["thumbnail_bytes"] = len(body)
        else:
            upload.parts[int(part)] = body
        return 200, {"ETag": hashlib.md5(body).hexdigest()}, None

    def _li_video_status(self, req: _Request, urn: str) -> Response:
        if (denied := self._li_auth(req)) is not None:
            return denied
        upload = self._uploads.get(urn)
        if upload is None:
            return 404, {}, {"status": 404, "message": f"video {urn} not found"}
        if upload.state == "PROCESSING":
            upload.polls += 1
            if upload.polls > self.processing_polls:
                upload.state = "AVAILABLE"
        status = upload.state if upload.state != "uploading" else "WAITING_UPLOAD"
        return 200, {}, {"id": urn, "status": status}

    def _li_post(self, req: _Request) -> Response:
        if (denied := self._li_auth(req)) is not None:
            return denied
        body = req.json()
        media_id = body.get("content", {}).get("media", {}).get("id", "")
        upload = self._uploads.get(media_id)
        if upload is None or upload.state != "AVAILABLE":
            return 400, {}, {"status": 400, "message": f"video {media_id} is not AVAILABLE"}
        if body.get("lifecycleState") != "PUBLISHED" or not body.get("distribution"):
            return 422, {}, {"status": 422, "message": "lifecycleState/distribution required"}
        urn = f"urn:li:share:{self._new_id()}"
        self._record(
            "linkedin",
            urn,
            body.get("commentary", ""),
            bytes(upload.data),
            author=body.get("author"),
            media=media_id,
            post=body,
        )
        return 201, {"x-restli-id": urn}, None

    def _li_find_posts(self, req: _Request) -> Response:
        if (denied := self._li_auth(req)) is not None:
            return denied
        author = req.query.get("author")
        elements = [
            {
                "id": p.post_id,
                "author": p.details["author"],
                "commentary": p.text,
                "content": {"media": {"id": p.details["media"]}},
            }
            for p in reversed(self.posts_for("linkedin"))
            if p.details.get("author") == author
        ]
        return 200, {}, {"elements": elements, "paging": {"start": 0, "count": len(elements)}}

    # ---------------------------------------------------------------- insights (analytics)
    def _truth(self, platform: str, post_id: str) -> dict[str, float] | None:
        return self._insights.get((platform, post_id))

    def _yt_reports(self, req: _Request) -> Response:
        if not self._authorized("youtube", req.bearer()):
            return self._yt_unauthorized()
        filters = req.query.get("filters", "")
        if req.query.get("ids") != "channel==MINE" or not filters.startswith("video=="):
            return 400, {}, {"error": {"code": 400, "message": "ids and filters are required"}}
        names = req.query.get("metrics", "").split(",")
        truth = self._truth("youtube", filters.removeprefix("video=="))
        headers = [{"name": n, "columnType": "METRIC"} for n in names]
        if truth is None:
            return 200, {}, {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers}
        native = {
            "views": truth.get("views", 0),
            "likes": truth.get("likes", 0),
            "comments": truth.get("comments", 0),
            "shares": truth.get("shares", 0),
            "videosAddedToPlaylists": truth.get("saves", 0),
            "estimatedMinutesWatched": truth.get("watch_time_sec", 0) / 60,
            "averageViewPercentage": truth.get("average_view_pct", 0),
            "subscribersGained": truth.get("followers_gained", 0),
            "subscribersLost": truth.get("followers_lost", 0),
            "videoThumbnailImpressions": truth.get("impressions", 0),
            "videoThumbnailImpressionsClickRate": truth.get("click_rate_pct", 0),
        }
        row = [native.get(n, 0) for n in names]
        return 200, {}, {"columnHeaders": headers, "rows": [row]}

    def _meta_insights(self, platform: str) -> Callable[..., Response]:
        def insights(req: _Request, oid: str) -> Response:
            if not self._authorized(platform, req.param("access_token")):
                return self._meta_unauthorized()
            truth = self._truth(platform, oid)
            if truth is None:
                return (
                    400,
                    {},
                    {"error": {"message": f"Unsupported get request {oid}", "code": 100}},
                )
            t = truth.get
            by_platform: dict[str, dict[str, Any]] = {
                "instagram": {
                    "views": t("views", 0),
                    "reach": t("impressions", 0),
                    "likes": t("likes", 0),
                    "comments": t("comments", 0),
                    "shares": t("shares", 0),
                    "saved": t("saves", 0),
                    "follows": t("followers_gained", 0),
                    "ig_reels_video_view_total_time": t("watch_time_sec", 0) * 1000,
                },
                "threads": {
                    "views": t("views", 0),
                    "likes": t("likes", 0),
                    "replies": t("comments", 0),
                    "reposts": t("shares", 0),
                    "quotes": t("quotes", 0),
                    "shares": 0,
                },
                "facebook": {
                    "blue_reels_play_count": t("views", 0),
                    "post_impressions_unique": t("impressions", 0),
                    "post_video_likes_by_reaction_type": {"REACTION_LIKE": t("likes", 0)},
                    "post_video_social_actions": {
                        "COMMENT": t("comments", 0),
                        "SHARE": t("shares", 0),
                    },
                    "post_video_view_time": t("watch_time_sec", 0) * 1000,
                    "post_video_followers": t("followers_gained", 0),
                },
            }
            native = by_platform[platform]
            asked = req.param("metric") or ""
            data = [
                {"name": name, "period": "lifetime", "values": [{"value": native[name]}]}
                for name in asked.split(",")
                if name in native
            ]
            return 200, {}, {"data": data}

        return insights

    def _tt_video_query(self, req: _Request) -> Response:
        if (denied := self._tt_auth(req)) is not None:
            return denied
        ids = req.json().get("filters", {}).get("video_ids", [])
        videos = []
        for vid in ids:
            truth = self._truth("tiktok", str(vid))
            if truth is not None:
                videos.append(
                    {
                        "id": str(vid),
                        "view_count": int(truth.get("views", 0)),
                        "like_count": int(truth.get("likes", 0)),
                        "comment_count": int(truth.get("comments", 0)),
                        "share_count": int(truth.get("shares", 0)),
                    }
                )
        return 200, {}, {"data": {"videos": videos}, "error": {"code": "ok", "message": ""}}

    def _li_count(self, req: _Request, kind: str, mapping: dict[str, str]) -> Response:
        if (denied := self._li_auth(req)) is not None:
            return denied
        truth = self._truth("linkedin", req.query.get("entity", ""))
        if truth is None or kind not in mapping:
            return 404, {}, {"status": 404, "message": "entity not found"}
        value = truth.get(mapping[kind], 0) * (1000 if kind == "TIME_WATCHED" else 1)
        return 200, {}, {"elements": [{"count": int(value)}], "paging": {"count": 1}}

    def _li_post_analytics(self, req: _Request) -> Response:
        mapping = {
            "IMPRESSION": "impressions",
            "MEMBERS_REACHED": "reach",
            "REACTION": "likes",
            "COMMENT": "comments",
            "RESHARE": "shares",
        }
        return self._li_count(req, req.query.get("queryType", ""), mapping)

    def _li_video_analytics(self, req: _Request) -> Response:
        mapping = {"VIDEO_VIEW": "views", "TIME_WATCHED": "watch_time_sec"}
        return self._li_count(req, req.query.get("type", ""), mapping)


class _Request:
    """The parts of an HTTP request the fake routes look at."""

    def __init__(self, handler: BaseHTTPRequestHandler) -> None:
        self._handler = handler
        split = urlsplit(handler.path)
        self.method = handler.command
        self.path = unquote(split.path)
        self.query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        self.headers = {k.lower(): v for k, v in handler.headers.items()}
        self._body: bytes | None = None

    def read_body(self, *, partial: bool = False) -> bytes:
        if self._body is None:
            length = int(self.headers.get("content-length", "0"))
            self._body = self._handler.rfile.read(length // 2 if partial else length)
        return self._body

    def json(self) -> dict[str, Any]:
        raw = self.read_body()
        return json.loads(raw) if raw else {}

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.read_body().decode()).items()}

    def params(self) -> dict[str, str]:
        """Query and form parameters together (Graph API accepts either)."""
        merged = dict(self.query)
        if "application/x-www-form-urlencoded" in self.headers.get("content-type", ""):
            merged.update(self.form())
        return merged

    def param(self, name: str) -> str | None:
        return self.params().get(name)

    def bearer(self) -> str | None:
        value = self.headers.get("authorization", "")
        return value.removeprefix("Bearer ") if value.startswith("Bearer ") else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_fake: FakePlatformServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _serve(self) -> None:
        request = _Request(self)
        try:
            status, headers, body = self.server_fake.handle(request)
        except _DropConnectionError:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        request.read_body()  # drain anything a route did not read, keeping keep-alive sane
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _serve  # noqa: N815 (http.server's naming)
