"""Operations: ``/healthz`` for load balancers, ``/metrics`` for Prometheus (admin keys only,
since job counts describe the whole service)."""

from __future__ import annotations

import tempfile
import time
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import func, select, text

from api.http.deps import Caller, StateDep, require
from storage.orchestration import Job

router = APIRouter(tags=["operations"])


def _check(name: str, probe: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = probe()
        ok = True
    except Exception as exc:  # a health check reports, it does not raise
        detail, ok = type(exc).__name__, False
    return {
        "name": name,
        "ok": ok,
        "detail": detail,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


@router.get("/healthz", summary="Database, media store and (when configured) Chroma")
def healthz(state: StateDep) -> Response:
    rt = state.runtime

    def database() -> str:
        with rt.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return rt.engine.dialect.name

    def media_store() -> str:
        root = rt.settings.resolved_media_dir
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-"):
            pass
        return "writable"

    checks = [_check("database", database), _check("media_store", media_store)]
    if rt.settings.chroma_url:
        url = rt.settings.chroma_url.rstrip("/")

        def chroma() -> str:
            response = httpx.get(f"{url}/api/v2/heartbeat", timeout=2.0)
            response.raise_for_status()
            return "reachable"

        checks.append(_check("chroma", chroma))
    healthy = all(c["ok"] for c in checks)
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status_code=200 if healthy else 503,
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics (admin key)",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}}},
)
def metrics(
    state: StateDep, _: Annotated[Caller, Depends(require("admin_console"))]
) -> PlainTextResponse:
    with state.runtime.session_factory() as session:
        rows = session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
    jobs = {str(s): int(n) for s, n in rows}
    return PlainTextResponse(
        state.metrics.render(jobs), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
