"""Input handling and secrets: strict bodies with clear 4xx, size and rate limits, no secret in
any response, log line or EventLog row."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.http import ApiConfig, create_app
from api.runtime import Runtime
from storage.orchestration import ErrorLog, EventLog
from tests.integration.api.conftest import PREVIEW_WIDTH, auth

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_bad_bodies_get_422_naming_the_field_without_echoing_input(
    client: TestClient, key_a: str
) -> None:
    cases = [
        ({"message": ""}, "message"),
        ({"message": "hi", "surprise": 1}, "surprise"),
        ({"message": "hi", "duration_sec": 99}, "duration_sec"),
        ({"message": "hi", "duration_sec": "20"}, "duration_sec"),
        ({"message": "hi", "platform": "myspace"}, "platform"),
        ({"message": "hi", "conversation_id": "nope"}, "conversation_id"),
        ({"message": "x" * 2001}, "message"),
        ({}, "message"),
    ]
    for body, field in cases:
        response = client.post("/v1/chat", json=body, headers=auth(key_a))
        assert response.status_code == 422, (body, response.text)
        payload = response.json()
        assert payload["detail"].startswith(field), (body, payload)
        assert all("input" not in e for e in payload["errors"])
    not_json = client.post(
        "/v1/chat",
        content=b"{not json",
        headers={**auth(key_a), "Content-Type": "application/json"},
    )
    assert not_json.status_code == 422
    persona = client.post(
        "/v1/chat", json={"message": "make a reel", "persona": "Nobody Twin"}, headers=auth(key_a)
    )
    assert persona.status_code == 422 and persona.json()["detail"].startswith("persona")


def test_oversized_bodies_are_refused_with_413(rt: Runtime) -> None:
    app = create_app(
        rt,
        config=ApiConfig(render_width=PREVIEW_WIDTH, max_upload_bytes=1000, max_request_bytes=2000),
    )
    with TestClient(app) as small:
        from tests.integration.api.conftest import build_world

        world = build_world(rt, "limits@example.com")
        key = world.key
        big = small.post(
            "/v1/chat",
            content=b"x" * 5000,
            headers={**auth(key), "Content-Type": "application/json"},
        )
        assert big.status_code == 413 and "2000" in big.json()["detail"]
        upload = small.post(
            "/v1/media",
            data={"type": "raw_photo"},
            files={"file": ("a.png", PNG + b"\x00" * 5000, "image/png")},
            headers=auth(key),
        )
        assert upload.status_code == 422 and "1000-byte limit" in upload.json()["detail"]
        assert not list((rt.settings.resolved_media_dir / str(world.user_id) / "uploads").glob("*"))


def test_expensive_endpoints_are_rate_limited_per_key_with_retry_after(rt: Runtime) -> None:
    from tests.integration.api.conftest import _key, build_world

    app = create_app(
        rt, config=ApiConfig(render_width=PREVIEW_WIDTH, chat_burst=2, chat_refill_sec=60)
    )
    world = build_world(rt, "ratelimit@example.com")
    other = _key(rt, world.user_id)
    with TestClient(app) as limited:
        statuses = [
            limited.post("/v1/chat", json={"message": "hello"}, headers=auth(world.key)).status_code
            for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
        blocked = limited.post("/v1/chat", json={"message": "hello"}, headers=auth(world.key))
        assert blocked.status_code == 429 and 1 <= int(blocked.headers["retry-after"]) <= 60
        assert "chat" in blocked.json()["detail"]
        assert (
            limited.post("/v1/chat", json={"message": "hello"}, headers=auth(other)).status_code
            == 200
        )
        assert limited.get("/v1/me", headers=auth(world.key)).status_code == 200


def test_no_secret_in_responses_logs_or_event_rows(
    rt: Runtime, client: TestClient, key_a: str, admin_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = "tok-3f9a-super-secret-platform-token"
    fernet = [k.decode() for k in rt.settings.fernet_keys()]
    with caplog.at_level(logging.DEBUG):
        responses = [
            client.post(
                "/v1/social-accounts",
                json={"platform": "threads", "handle": "sec-test", "access_token": token},
                headers=auth(key_a),
            ),
            client.post(
                "/v1/social-accounts",
                json={"platform": "threads", "handle": 5, "access_token": token},
                headers=auth(key_a),
            ),
            client.get("/v1/me", headers=auth(key_a + "x")),
            client.get("/v1/social-accounts", headers=auth(key_a)),
            client.get("/v1/keys", headers=auth(key_a)),
            client.get("/metrics", headers=auth(admin_key)),
            client.get("/v1/me/export", headers=auth(key_a)),
            client.get("/healthz"),
        ]
    secrets = [token, key_a, admin_key, *fernet]
    for response in responses:
        body = response.content
        for secret in secrets:
            assert secret.encode() not in body, (response.request.url, secret[:6])
    for secret in secrets:
        assert secret not in caplog.text
    with rt.session_factory() as session:
        rows = [f"{e.message} {e.meta_json}" for e in session.scalars(select(EventLog))]
        rows += [
            f"{e.message} {e.context_json} {e.stack_trace}"
            for e in session.scalars(select(ErrorLog))
        ]
    for secret in secrets:
        assert not any(secret in row for row in rows)
