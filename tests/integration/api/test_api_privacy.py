"""Export everything as a zip; delete everything (rows, media, checkpoints, outbox packages)."""

from __future__ import annotations

import io
import json
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.http.privacy import user_tables
from api.runtime import Runtime
from storage.identity import User
from tests.integration.api.conftest import World, auth, build_world


def test_export_is_a_zip_of_every_table_and_the_media_without_secrets(
    client: TestClient, tenant_b: World
) -> None:
    response = client.get("/v1/me/export", headers=auth(tenant_b.key))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        assert {f"data/{t.name}.json" for t in user_tables()} <= names
        users = json.loads(archive.read("data/users.json"))
        assert users[0]["name"] == "Bea"
        twins = json.loads(archive.read("data/ai_twins.json"))
        assert twins and "config_encrypted" not in twins[0]
        keys = json.loads(archive.read("data/api_keys.json"))
        assert keys and "key_hash" not in keys[0]
        assert (
            json.loads(archive.read("data/conversation_messages.json"))[0]["content"]
            == "b's private prompt"
        )
        media = [n for n in names if n.startswith("media/")]
        assert media and archive.read(media[0])[4:8] == b"ftyp"
        readme = json.loads(archive.read("README.json"))
        assert readme["rows_per_table"]["posts"] == 1
        blob = b"".join(archive.read(n) for n in names)
        assert b"secret-likeness" not in blob and b"b-secret-access-token" not in blob


def test_delete_me_needs_confirmation_then_removes_everything(
    rt: Runtime, client: TestClient, tenant_b: World
) -> None:
    doomed = build_world(rt, "doomed@example.com")
    folder = rt.settings.resolved_media_dir / str(doomed.user_id)
    assert folder.is_dir()
    wrong = client.delete(
        "/v1/me", headers={**auth(doomed.key), "X-Confirm-Email": "someone@example.com"}
    )
    assert wrong.status_code == 422 and wrong.json()["detail"].startswith("X-Confirm-Email")
    missing = client.delete("/v1/me", headers=auth(doomed.key))
    assert missing.status_code == 422
    done = client.delete(
        "/v1/me", headers={**auth(doomed.key), "X-Confirm-Email": "DOOMED@example.com"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["deleted"] is True and done.json()["media_folder_deleted"] is True
    assert not folder.exists()
    assert client.get("/v1/me", headers=auth(doomed.key)).status_code == 401
    with rt.session_factory() as session:
        assert session.get(User, doomed.user_id) is None
        for table in user_tables():
            column = table.c.id if table.name == "users" else table.c.user_id
            count = session.scalar(
                select(func.count()).select_from(table).where(column == doomed.user_id)
            )
            assert count == 0, table.name
        survivor = session.get(User, tenant_b.user_id)
        assert survivor is not None
    assert client.get("/v1/me", headers=auth(tenant_b.key)).status_code == 200
    assert (rt.settings.resolved_media_dir / str(tenant_b.user_id)).is_dir()
