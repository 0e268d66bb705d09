"""``twinreel serve``: the HTTP API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import fail
from api.settings import SettingsError, load_settings


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    preview_width: Annotated[
        int | None, typer.Option(help="Render reels smaller (e.g. 540) for quick previews.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (chat, SSE progress, approvals, resources, privacy)."""
    import uvicorn

    from api.http.app import create_app
    from api.http.state import ApiConfig
    from api.runtime import open_runtime

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    app = create_app(lambda: open_runtime(settings), config=ApiConfig(render_width=preview_width))
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=True)
