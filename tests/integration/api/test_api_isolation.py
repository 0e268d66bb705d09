"""Tenant isolation: creator A walks every endpoint with creator B's ids and gets 404, never data.

The matrix is checked against the OpenAPI schema, so a new endpoint with an id in its path fails
this test until it is added here.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from api.runtime import Runtime
from storage.api_keys import ApiKey
from storage.creative import AiTwin
from storage.identity import ConsentRecord, Notification
from storage.media import MediaAsset
from storage.planning import CalendarItem
from tests.integration.api.conftest import B_TOKEN, World, auth

# (method, path template, world key of the id, JSON body)
MATRIX: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("GET", "/v1/jobs/{job_id}", "job", None),
    ("GET", "/v1/jobs/{job_id}/events", "job", None),
    ("POST", "/v1/jobs/{job_id}/cancel", "job", None),
    ("POST", "/v1/jobs/{job_id}/resume", "job", None),
    ("GET", "/v1/runs/{run_id}", "run", None),
    ("POST", "/v1/runs/{run_id}/approve", "run", None),
    ("POST", "/v1/runs/{run_id}/reject", "run", {"reason": "x"}),
    ("POST", "/v1/runs/{run_id}/edit", "run", {"caption": "x"}),
    ("GET", "/v1/conversations/{conversation_id}", "conversation", None),
    ("GET", "/v1/personas/{persona_id}", "persona", None),
    ("GET", "/v1/twins/{twin_id}", "twin", None),
    ("PATCH", "/v1/twins/{twin_id}", "twin", {"name": "stolen"}),
    ("GET", "/v1/voice-profiles/{voice_id}", "voice", None),
    ("GET", "/v1/projects/{project_id}", "project", None),
    ("GET", "/v1/campaigns/{campaign_id}", "campaign", None),
    ("GET", "/v1/calendars/{calendar_id}", "calendar", None),
    ("PATCH", "/v1/calendar-items/{item_id}", "calendar_item", {"topic": "stolen"}),
    ("GET", "/v1/scripts/{script_id}", "script", None),
    ("GET", "/v1/reels/{reel_id}", "reel", None),
    ("GET", "/v1/reels/{reel_id}/video", "reel", None),
    ("GET", "/v1/posts/{post_id}", "post", None),
    ("GET", "/v1/reports/weekly/{report_id}", "report", None),
    ("GET", "/v1/media/{asset_id}", "asset", None),
    ("GET", "/v1/media/{asset_id}/content", "asset", None),
    ("DELETE", "/v1/media/{asset_id}", "asset", None),
    ("POST", "/v1/notifications/{notification_id}/read", "notification", None),
    ("POST", "/v1/notifications/{notification_id}/unread", "notification", None),
    ("GET", "/v1/social-accounts/{account_id}", "account", None),
    ("DELETE", "/v1/social-accounts/{account_id}", "account", None),
    ("DELETE", "/v1/keys/{key_id}", "api_key", None),
    ("GET", "/v1/me/consents/{consent_id}", "consent", None),
    ("DELETE", "/v1/me/consents/{consent_id}", "consent", None),
]

LISTS = [
    "/v1/jobs",
    "/v1/reviews",
    "/v1/conversations",
    "/v1/personas",
    "/v1/twins",
    "/v1/voice-profiles",
    "/v1/projects",
    "/v1/campaigns",
    "/v1/calendars",
    "/v1/scripts",
    "/v1/reels",
    "/v1/posts",
    "/v1/reports/weekly",
    "/v1/strategy-updates",
    "/v1/media",
    "/v1/notifications",
    "/v1/feedback",
    "/v1/social-accounts",
    "/v1/keys",
    "/v1/me/consents",
    "/v1/me",
]


def _fill(template: str, value: uuid.UUID) -> str:
    start, end = template.index("{"), template.index("}")
    return template[:start] + str(value) + template[end + 1 :]


def test_matrix_covers_every_endpoint_with_an_id(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    with_ids = {
        (method.upper(), path)
        for path, ops in schema["paths"].items()
        if "{" in path
        for method in ops
    }
    assert with_ids == {(m, p) for m, p, _, _ in MATRIX}
    listed = {
        path
        for path, ops in schema["paths"].items()
        if "{" not in path and "get" in ops and path.startswith("/v1/")
    }
    assert listed - {"/v1/me/export"} == set(LISTS)


def test_a_walks_every_endpoint_with_bs_ids_and_gets_404(
    rt: Runtime, client: TestClient, key_a: str, tenant_b: World
) -> None:
    for method, template, key, body in MATRIX:
        url = _fill(template, tenant_b.ids[key])
        response = client.request(method, url, headers=auth(key_a), json=body)
        assert response.status_code == 404, (method, url, response.status_code, response.text)
        text = response.text
        assert "Bea" not in text and B_TOKEN not in text
    # Nothing of B's changed.
    with rt.session_factory() as session:
        assert session.get_one(AiTwin, tenant_b.ids["twin"]).name == "Bea Twin"
        assert session.get_one(CalendarItem, tenant_b.ids["calendar_item"]).topic == ""
        assert session.get_one(Notification, tenant_b.ids["notification"]).is_read is False
        assert session.get_one(ApiKey, tenant_b.ids["api_key"]).revoked_at is None
        assert session.get(ConsentRecord, tenant_b.ids["consent"]) is not None
        assert session.get(MediaAsset, tenant_b.ids["asset"]) is not None
    assert client.get("/v1/me", headers=auth(tenant_b.key)).json()["name"] == "Bea"


def test_lists_never_show_bs_rows(client: TestClient, key_a: str, tenant_b: World) -> None:
    b_ids = {str(v) for v in tenant_b.ids.values()} | {str(tenant_b.user_id)}
    for path in LISTS:
        response = client.get(path, headers=auth(key_a))
        assert response.status_code == 200, (path, response.text)
        leaked = [i for i in b_ids if i in response.text]
        assert not leaked, (path, leaked)


def test_writes_that_reference_bs_rows_are_refused(
    client: TestClient, key_a: str, tenant_b: World
) -> None:
    feedback = client.post(
        "/v1/feedback",
        json={"subject_type": "reel", "subject_id": str(tenant_b.ids["reel"]), "rating": 5},
        headers=auth(key_a),
    )
    assert feedback.status_code == 404
    chat = client.post(
        "/v1/chat",
        json={"message": "hello", "conversation_id": str(tenant_b.ids["conversation"])},
        headers=auth(key_a),
    )
    assert chat.status_code == 404
    approve = client.post(
        "/v1/chat", json={"message": f"approve {tenant_b.ids['run']}"}, headers=auth(key_a)
    )
    assert approve.status_code == 200 and "not found" in approve.json()["answer"]
    assert approve.json()["jobs"] == []
