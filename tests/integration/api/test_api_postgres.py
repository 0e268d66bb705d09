"""The API on PostgreSQL (only when TWINREEL_TEST_DATABASE_URL is set): a chat reel streamed to
its published post with checkpoints in Postgres, then the account deleted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.commands.db import upgrade_and_seed
from api.http import ApiConfig, create_app
from api.http.keys import issue_key
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from storage.database import transaction
from storage.enums import RoleName
from storage.orchestration import Job
from tests.integration.api.conftest import PREVIEW_WIDTH, auth
from tests.integration.api.sse_client import read_events

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_rt(pg_url: str, tmp_path: Path) -> Iterator[Runtime]:
    runtime = open_runtime(
        Settings(data_dir=tmp_path / "data", database_url=pg_url, _env_file=None)
    )
    yield runtime
    runtime.close()


def test_chat_to_published_post_and_delete_on_postgres(pg_rt: Runtime) -> None:
    user = upgrade_and_seed(pg_rt, demo_creator=True)
    assert user is not None
    with transaction(pg_rt.session_factory) as session:
        key = issue_key(session, user.id, RoleName.CREATOR).secret
    app = create_app(pg_rt, config=ApiConfig(render_width=PREVIEW_WIDTH))
    with TestClient(app) as client:
        with client.stream(
            "POST",
            "/v1/chat",
            json={"message": "a 12 s TikTok about passkeys"},
            headers={**auth(key), "Accept": "text/event-stream"},
        ) as response:
            events = list(read_events(response))
        answer = events[-2][1]
        assert answer["status"] == "completed", answer
        steps = {(d["step"], d["status"]) for n, d in events if n == "progress"}
        assert ("publish", "done") in steps and ("critic", "done") in steps
        job = client.get(f"/v1/jobs/{answer['job_id']}", headers=auth(key)).json()
        assert job["status"] == "completed" and job["post_ids"]
        gone = client.delete(
            "/v1/me", headers={**auth(key), "X-Confirm-Email": "rocco@example.com"}
        )
        assert gone.status_code == 200 and gone.json()["runs_checkpoints_deleted"] == 1
    with pg_rt.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0
