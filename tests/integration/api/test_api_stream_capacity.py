"""Open streams wait on the event loop, not in worker threads: more watchers than the thread
pool has threads (40) must not starve the ordinary routes."""

from __future__ import annotations

import threading
import time
import uuid

from fastapi.testclient import TestClient

from api.http.state import ApiState
from api.runtime import Runtime
from storage.database import transaction
from storage.enums import JobKind, JobStatus
from storage.orchestration import Job
from tests.integration.api.conftest import auth
from tests.integration.api.sse_client import read_events

WATCHERS = 48


def test_many_open_streams_do_not_block_other_requests(
    rt: Runtime, client: TestClient, creator: uuid.UUID, key_a: str
) -> None:
    with transaction(rt.session_factory) as session:
        job = Job(user_id=creator, kind=JobKind.PRODUCE_REEL, status=JobStatus.RUNNING)
        session.add(job)
        session.flush()
        job_id = job.id
    state: ApiState = client.app.state.twinreel  # type: ignore[attr-defined]
    state.bus.open(job_id)
    connected = threading.Semaphore(0)
    finished: list[str] = []

    def watch() -> None:
        with client.stream("GET", f"/v1/jobs/{job_id}/events", headers=auth(key_a)) as response:
            events = read_events(response)
            next(events)  # the preamble: this stream is open
            connected.release()
            finished.extend(name for name, _ in events)

    threads = [threading.Thread(target=watch, daemon=True) for _ in range(WATCHERS)]
    for thread in threads:
        thread.start()
    for _ in range(WATCHERS):
        assert connected.acquire(timeout=30), "a stream did not open"
    started = time.monotonic()
    assert client.get("/v1/me", headers=auth(key_a)).status_code == 200
    assert time.monotonic() - started < 5
    state.bus.publish(job_id, {"step": "answer", "status": "completed"})
    state.bus.close(job_id)
    for thread in threads:
        thread.join(timeout=30)
    assert finished.count("end") == WATCHERS
