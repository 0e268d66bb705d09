"""The in-process event bus between graph runs (worker threads) and SSE streams (requests).

A run's progress sink publishes into its job's channel; any number of streams subscribe, each
with its own thread-safe queue pre-filled with what already happened, so a client that connects
late (or reconnects) still sees the whole story. A run never depends on a subscriber: publishing
to a channel nobody listens to is free, and a client that disconnects just stops reading.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

SECRET_WORDS = ("token", "secret", "password", "authorization", "api_key")
LOCAL_FILE = "local-outbox"


def public_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event as a client may see it: no server file paths, nothing that looks like a secret."""
    clean: dict[str, Any] = {}
    for key, value in event.items():
        lowered = key.lower()
        if any(word in lowered for word in SECRET_WORDS):
            continue
        if key in ("video", "video_path", "path", "thumbnail_path"):
            continue
        if isinstance(value, str) and value.startswith("file://"):
            clean[key] = LOCAL_FILE  # a server path means nothing to a client and tells too much
            continue
        clean[key] = _jsonable(value)
    return clean


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return public_event(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return _jsonable(dump(mode="json"))
    return str(value)


class Subscriber(Protocol):
    """Anything events can be put into from any thread (``None`` = the run ended)."""

    def put(self, item: dict[str, Any] | None) -> None: ...


class AsyncSubscriber:
    """Delivers into an asyncio queue on the event loop that reads it, so a stream waits
    without holding a worker thread (sync routes share that thread pool)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def put(self, item: dict[str, Any] | None) -> None:
        # RuntimeError: the loop is gone (server stopping), so nobody is listening.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self.queue.put_nowait, item)


@dataclass
class _Channel:
    history: list[dict[str, Any]] = field(default_factory=list)
    segment_start: int = 0  # where the current execution's events begin
    subscribers: list[Subscriber] = field(default_factory=list)
    closed: bool = False


class EventBus:
    """Per-job channels of progress events; ``None`` on a subscriber queue means "the run ended".

    Only the ``keep`` most recent channels are remembered (older runs are read from the database).
    """

    def __init__(self, keep: int = 500) -> None:
        self._lock = threading.Lock()
        self._channels: OrderedDict[uuid.UUID, _Channel] = OrderedDict()
        self._keep = keep

    def _channel(self, job_id: uuid.UUID) -> _Channel:
        channel = self._channels.get(job_id)
        if channel is None:
            channel = self._channels[job_id] = _Channel()
            while len(self._channels) > self._keep:
                self._channels.popitem(last=False)
        else:
            self._channels.move_to_end(job_id)
        return channel

    def open(self, job_id: uuid.UUID) -> None:
        """(Re)open a channel: a resumed or answered run continues the same story."""
        with self._lock:
            channel = self._channel(job_id)
            channel.closed = False
            channel.segment_start = len(channel.history)

    def publish(self, job_id: uuid.UUID, event: Mapping[str, Any]) -> None:
        clean = public_event(event)
        with self._lock:
            channel = self._channel(job_id)
            channel.history.append(clean)
            for subscriber in channel.subscribers:
                subscriber.put(clean)

    def close(self, job_id: uuid.UUID) -> None:
        with self._lock:
            channel = self._channel(job_id)
            channel.closed = True
            for subscriber in channel.subscribers:
                subscriber.put(None)
            channel.subscribers.clear()

    def subscribe(
        self,
        job_id: uuid.UUID,
        *,
        current_only: bool = False,
        subscriber: Subscriber | None = None,
    ) -> Subscriber:
        """A queue holding what happened so far (the whole job, or with ``current_only`` just the
        latest execution, e.g. the publishing after an approval), then live events, then
        ``None`` at the end."""
        if subscriber is None:
            subscriber = queue.Queue()
        with self._lock:
            channel = self._channel(job_id)
            start = channel.segment_start if current_only else 0
            for event in channel.history[start:]:
                subscriber.put(event)
            if channel.closed:
                subscriber.put(None)
            else:
                channel.subscribers.append(subscriber)
        return subscriber

    def unsubscribe(self, job_id: uuid.UUID, subscriber: Subscriber) -> None:
        with self._lock:
            channel = self._channels.get(job_id)
            if channel is not None and subscriber in channel.subscribers:
                channel.subscribers.remove(subscriber)

    def history(self, job_id: uuid.UUID) -> list[dict[str, Any]]:
        with self._lock:
            channel = self._channels.get(job_id)
            return list(channel.history) if channel else []

    def is_live(self, job_id: uuid.UUID) -> bool:
        with self._lock:
            channel = self._channels.get(job_id)
            return channel is not None and not channel.closed
