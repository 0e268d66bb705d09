"""Authentication: hashed keys as bearer tokens, revocation, roles, app sessions."""

from __future__ import annotations

import hashlib
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.runtime import Runtime
from storage.api_keys import ApiKey
from storage.identity import AppSession
from tests.integration.api.conftest import auth


def test_requests_without_a_valid_key_get_401_naming_the_scheme(client: TestClient) -> None:
    response = client.get("/v1/me")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response.headers["www-authenticate"].startswith("Bearer")
    bad = client.get("/v1/me", headers=auth("tr_not-a-real-key"))
    assert bad.status_code == 401 and bad.json()["detail"] == "invalid or revoked API key"
    assert client.get("/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_key_is_stored_only_as_its_hash(rt: Runtime, key_a: str, client: TestClient) -> None:
    assert key_a.startswith("tr_") and len(key_a) > 40
    with rt.session_factory() as session:
        row = session.scalars(
            select(ApiKey).where(ApiKey.key_hash == hashlib.sha256(key_a.encode()).hexdigest())
        ).one()
        columns = {c.name: getattr(row, c.name) for c in ApiKey.__table__.c}
    assert key_a not in {str(v) for v in columns.values()}
    assert row.prefix == key_a[:10]
    me = client.get("/v1/me", headers=auth(key_a))
    assert me.status_code == 200
    body = me.json()
    assert body["email"] == "rocco@example.com" and body["key_role"] == "creator"
    assert "approve_reels" in body["permissions"] and "admin_console" not in body["permissions"]


def test_revoked_key_stops_working_and_keys_list_never_shows_keys(
    rt: Runtime, client: TestClient, creator: uuid.UUID, key_a: str
) -> None:
    from tests.integration.api.conftest import _key

    spare = _key(rt, creator)
    assert client.get("/v1/me", headers=auth(spare)).status_code == 200
    listed = client.get("/v1/keys", headers=auth(spare)).json()
    assert all(spare not in str(k) and "key_hash" not in k for k in listed)
    spare_row = next(k for k in listed if k["prefix"] == spare[:10])
    assert client.delete(f"/v1/keys/{spare_row['id']}", headers=auth(spare)).status_code == 204
    assert client.get("/v1/me", headers=auth(spare)).status_code == 401
    assert client.get("/v1/me", headers=auth(key_a)).status_code == 200


def test_admin_only_metrics_and_creator_gets_403_naming_the_permission(
    client: TestClient, key_a: str, admin_key: str
) -> None:
    denied = client.get("/metrics", headers=auth(key_a))
    assert denied.status_code == 403 and "admin_console" in denied.json()["detail"]
    metrics = client.get("/metrics", headers=auth(admin_key))
    assert metrics.status_code == 200
    assert "twinreel_http_requests_total" in metrics.text
    assert 'route="/v1/me"' in metrics.text
    assert "twinreel_jobs" in metrics.text
    assert (
        'twinreel_http_request_duration_seconds_bucket{method="GET",route="/v1/me",le="+Inf"}'
        in metrics.text
    )


def test_each_device_gets_an_app_session(
    rt: Runtime, client: TestClient, creator: uuid.UUID, key_a: str
) -> None:
    for _ in range(2):
        client.get("/v1/me", headers={**auth(key_a), "X-Device": "ios", "User-Agent": "App/1"})
    client.get("/v1/me", headers={**auth(key_a), "User-Agent": "Mozilla/5.0 (Android 14)"})
    with rt.session_factory() as session:
        rows = session.scalars(select(AppSession).where(AppSession.user_id == creator)).all()
    devices = sorted(
        str(r.device_type)
        for r in rows
        if r.device_info_json.get("user_agent") in ("App/1", "Mozilla/5.0 (Android 14)")
    )
    assert devices == ["android", "ios"]
    assert all(key_a not in str(r.device_info_json) for r in rows)


def test_healthz_reports_database_and_media_store(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    checks = {c["name"]: c for c in response.json()["checks"]}
    assert checks["database"]["ok"] and checks["database"]["detail"] == "sqlite"
    assert checks["media_store"]["ok"]
