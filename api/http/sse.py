"""Server-Sent Events framing of job progress.

Each event is ``event: progress|answer`` with a JSON ``data`` line that carries its ``job_id``;
a comment line every few seconds keeps proxies from closing a quiet stream (rendering can be
silent for a while), and ``event: end`` says the stream is complete.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import StreamingResponse

from api.http.events import AsyncSubscriber, EventBus

KEEPALIVE_SEC = 10.0


def wants_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "").lower()


def frame(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


async def job_events(
    bus: EventBus,
    job_ids: Sequence[uuid.UUID],
    preamble: dict[str, Any],
    fallback: dict[uuid.UUID, dict[str, Any]],
    *,
    current_only: bool = False,
) -> AsyncIterator[str]:
    """Every job's events in turn (each replayed from its start), then ``end``.

    ``fallback`` is the final answer to send for a job this server has no events for (e.g. it
    ran before a restart): its state from the database.
    """
    yield frame("job", preamble)
    for job_id in job_ids:
        if not bus.is_live(job_id) and not bus.history(job_id):
            yield frame("answer", {**fallback.get(job_id, {}), "job_id": str(job_id)})
            continue
        subscriber = AsyncSubscriber(asyncio.get_running_loop())
        bus.subscribe(job_id, current_only=current_only, subscriber=subscriber)
        try:
            while True:
                try:
                    event = await asyncio.wait_for(subscriber.queue.get(), KEEPALIVE_SEC)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if event is None:
                    break
                kind = "answer" if event.get("step") == "answer" else "progress"
                yield frame(kind, {**event, "job_id": str(job_id)})
        finally:
            bus.unsubscribe(job_id, subscriber)
    yield frame("end", {"jobs": [str(j) for j in job_ids]})


def stream_response(body: AsyncIterator[str], status_code: int = 200) -> StreamingResponse:
    return StreamingResponse(
        body,
        status_code=status_code,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
