"""The HTTP API (FastAPI): chat with live progress over SSE, jobs and approvals, a creator's
resources, privacy (export/delete), health and metrics. Build it with
:func:`api.http.app.create_app`; serve it with ``twinreel serve``."""

from __future__ import annotations

from api.http.app import create_app
from api.http.state import ApiConfig

__all__ = ["ApiConfig", "create_app"]
