"""The FastAPI application factory.

``create_app()`` builds the app; its resources (runtime, run pool, event bus) are opened in the
lifespan, so importing this module or building an app touches nothing. Tests pass a ready
:class:`~api.runtime.Runtime` (or a factory) and an :class:`~api.http.state.ApiConfig` with small
renders.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from api.http.errors import install_error_handlers
from api.http.events import EventBus
from api.http.metrics import Metrics
from api.http.ratelimit import RateLimiter
from api.http.routers import ROUTERS
from api.http.runner import RunRunner
from api.http.schemas.base import ERROR_RESPONSES
from api.http.state import ApiConfig, ApiState
from api.runtime import Runtime, open_runtime
from api.settings import load_settings

RuntimeSource = Runtime | Callable[[], Runtime] | None

DESCRIPTION = """Twinreel's HTTP API: chat with your content agent, watch reels being made over
Server-Sent Events, approve them, manage your twins, media, calendars and accounts, and export
or delete your data. Authenticate with `Authorization: Bearer tr_…` (create a key with
`twinreel keys create --user EMAIL`)."""


def _open(source: RuntimeSource) -> tuple[Runtime, bool]:
    """The runtime and whether this app owns (and so closes) it."""
    if isinstance(source, Runtime):
        return source, False
    if source is None:
        return open_runtime(load_settings()), True
    return source(), True


def create_app(runtime: RuntimeSource = None, *, config: ApiConfig | None = None) -> FastAPI:
    """The Twinreel API. ``runtime``: a Runtime (caller-owned), a factory, or None (settings)."""
    config = config or ApiConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt, owned = _open(runtime)
        bus = EventBus()
        runner = RunRunner(
            rt, bus, render_width=config.render_width, max_workers=config.run_workers
        )
        app.state.twinreel = ApiState(
            runtime=rt,
            config=config,
            bus=bus,
            runner=runner,
            limiter=RateLimiter(),
            metrics=metrics,
        )
        app.state.twinreel_sessions = set()
        try:
            yield
        finally:
            runner.shutdown(wait=True)  # a started run finishes; it is never lost
            if owned:
                rt.close()

    metrics = Metrics()
    app = FastAPI(
        title="Twinreel API",
        version="1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, responses=ERROR_RESPONSES)

    @app.middleware("http")
    async def guard_and_measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        length = request.headers.get("content-length")
        limit = (
            config.max_upload_bytes + 64 * 1024
            if request.url.path.startswith("/v1/media")
            else config.max_request_bytes
        )
        if length is not None and (not length.isdigit() or int(length) > limit):
            response: Response = JSONResponse(
                {"detail": f"request body too large: the limit is {limit} bytes"},
                status_code=413,
            )
        else:
            response = await call_next(request)
        metrics.observe(
            request.method,
            _route_template(request),
            response.status_code,
            time.perf_counter() - started,
        )
        return response

    return app


def _route_template(request: Request) -> str:
    """The matched route's template (set on the scope by the router), never the raw path."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"
