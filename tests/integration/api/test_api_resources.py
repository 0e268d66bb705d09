"""A creator's own resources through the API: reads, the sensible writes, and what never leaks."""

from __future__ import annotations

import io
import uuid
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.runtime import Runtime
from storage.identity import IntegrationKey, SocialAccount
from tests.integration.api.conftest import World, auth

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def test_personas_twins_and_voices(client: TestClient, key_a: str) -> None:
    personas = client.get("/v1/personas", headers=auth(key_a)).json()
    assert personas and any(p["shared"] for p in personas)
    created = client.post(
        "/v1/personas",
        json={
            "slug": "calm-coach",
            "name": "Calm Coach",
            "sentence_length": "short",
            "energy_level": "low",
            "vocabulary_level": "conversational",
            "traits": {"catchphrases": ["breathe"]},
        },
        headers=auth(key_a),
    )
    assert created.status_code == 201 and created.json()["shared"] is False
    persona_id = created.json()["id"]
    assert (
        client.get(f"/v1/personas/{persona_id}", headers=auth(key_a)).json()["slug"] == "calm-coach"
    )
    again = client.post(
        "/v1/personas",
        json={
            "slug": "calm-coach",
            "name": "Again",
            "sentence_length": "short",
            "energy_level": "low",
            "vocabulary_level": "simple",
        },
        headers=auth(key_a),
    )
    assert again.status_code == 409 and "slug" in again.json()["detail"]

    twins = client.get("/v1/twins", headers=auth(key_a)).json()
    assert {t["name"] for t in twins} >= {"Space Twin"}
    twin = twins[0]
    assert "config_encrypted" not in twin and "config" not in twin
    renamed = client.patch(f"/v1/twins/{twin['id']}", json={"name": "Renamed"}, headers=auth(key_a))
    assert renamed.status_code == 200 and renamed.json()["name"] == "Renamed"
    client.patch(f"/v1/twins/{twin['id']}", json={"name": twin["name"]}, headers=auth(key_a))
    voices = client.get("/v1/voice-profiles", headers=auth(key_a)).json()
    assert voices and all(
        set(v) == {"id", "name", "provider", "shared", "has_cloned_voice"} for v in voices
    )
    one = client.get(f"/v1/voice-profiles/{voices[0]['id']}", headers=auth(key_a))
    assert one.status_code == 200


def test_projects_calendars_scripts_reels_posts_reports(client: TestClient, key_a: str) -> None:
    projects = client.get("/v1/projects", headers=auth(key_a)).json()
    assert projects
    assert client.get(f"/v1/projects/{projects[0]['id']}", headers=auth(key_a)).status_code == 200
    campaigns = client.get(
        f"/v1/campaigns?project_id={projects[0]['id']}", headers=auth(key_a)
    ).json()
    assert campaigns and all(c["project_id"] == projects[0]["id"] for c in campaigns)
    one = client.get(f"/v1/campaigns/{campaigns[0]['id']}", headers=auth(key_a))
    assert one.status_code == 200 and one.json()["name"] == campaigns[0]["name"]
    for path in (
        "/v1/calendars",
        "/v1/scripts",
        "/v1/reels",
        "/v1/posts",
        "/v1/reports/weekly",
        "/v1/strategy-updates",
    ):
        response = client.get(path, headers=auth(key_a))
        assert response.status_code == 200 and isinstance(response.json(), list), path
    assert client.get("/v1/reels?approval_status=nonsense", headers=auth(key_a)).status_code == 422
    missing = uuid.uuid4()
    for path in ("/v1/scripts", "/v1/reels", "/v1/posts", "/v1/calendars", "/v1/reports/weekly"):
        gone = client.get(f"{path}/{missing}", headers=auth(key_a))
        assert gone.status_code == 404 and str(missing) in gone.json()["detail"]
    assert client.get("/v1/jobs/not-a-uuid", headers=auth(key_a)).status_code == 422


def test_calendar_item_update(
    rt: Runtime, client: TestClient, key_a: str, creator: uuid.UUID
) -> None:
    from datetime import UTC, datetime

    from storage.database import transaction
    from storage.enums import ContentPillar
    from storage.planning import CalendarItem, ContentCalendar

    with transaction(rt.session_factory) as session:
        calendar = ContentCalendar(
            user_id=creator,
            period_start=datetime.now(UTC).date(),
            period_end=datetime.now(UTC).date(),
        )
        session.add(calendar)
        session.flush()
        item = CalendarItem(
            calendar_id=calendar.id,
            user_id=creator,
            planned_date=datetime.now(UTC),
            content_pillar=ContentPillar.EDUCATION,
        )
        session.add(item)
        session.flush()
        calendar_id, item_id = calendar.id, item.id
    detail = client.get(f"/v1/calendars/{calendar_id}", headers=auth(key_a)).json()
    assert [i["id"] for i in detail["items"]] == [str(item_id)]
    updated = client.patch(
        f"/v1/calendar-items/{item_id}",
        json={"topic": "passkeys", "status": "skipped", "planned_date": "2026-12-01T09:00:00Z"},
        headers=auth(key_a),
    )
    assert updated.status_code == 200
    assert updated.json()["topic"] == "passkeys" and updated.json()["status"] == "skipped"
    refused = client.patch(
        f"/v1/calendar-items/{item_id}", json={"status": "published"}, headers=auth(key_a)
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "status"


def test_notifications_read_and_unread(client: TestClient, key_a: str) -> None:
    client.post("/v1/notifications/read-all", headers=auth(key_a))
    assert client.get("/v1/notifications?unread=true", headers=auth(key_a)).json() == []
    everything = client.get("/v1/notifications", headers=auth(key_a)).json()
    if not everything:
        return
    target = everything[0]["id"]
    assert (
        client.post(f"/v1/notifications/{target}/unread", headers=auth(key_a)).json()["is_read"]
        is False
    )
    unread = client.get("/v1/notifications?unread=true", headers=auth(key_a)).json()
    assert [n["id"] for n in unread] == [target]
    assert (
        client.post(f"/v1/notifications/{target}/read", headers=auth(key_a)).json()["is_read"]
        is True
    )


def test_feedback_ratings_are_bounded(client: TestClient, key_a: str) -> None:
    ok = client.post(
        "/v1/feedback",
        json={"subject_type": "agent", "rating": 5, "comment": "great"},
        headers=auth(key_a),
    )
    assert ok.status_code == 201 and ok.json()["rating"] == 5
    for rating in (0, 6):
        bad = client.post(
            "/v1/feedback", json={"subject_type": "agent", "rating": rating}, headers=auth(key_a)
        )
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "rating"
    text = client.post(
        "/v1/feedback", json={"subject_type": "agent", "rating": "5"}, headers=auth(key_a)
    )
    assert text.status_code == 422, "strict: the string '5' is not the integer 5"
    needs_id = client.post(
        "/v1/feedback", json={"subject_type": "reel", "rating": 3}, headers=auth(key_a)
    )
    assert needs_id.status_code == 422 and "subject_id" in needs_id.json()["detail"]
    assert any(
        f["comment"] == "great" for f in client.get("/v1/feedback", headers=auth(key_a)).json()
    )


def test_social_account_tokens_go_in_encrypted_and_never_come_out(
    rt: Runtime, client: TestClient, key_a: str
) -> None:
    token, refresh = "very-secret-access-token-123", "very-secret-refresh-456"
    handle = f"rocco-{uuid.uuid4().hex[:6]}"
    connected = client.post(
        "/v1/social-accounts",
        json={
            "platform": "linkedin",
            "handle": handle,
            "access_token": token,
            "refresh_token": refresh,
            "scopes": ["w_member_social"],
        },
        headers=auth(key_a),
    )
    assert connected.status_code == 201
    account_id = connected.json()["id"]
    listed = client.get("/v1/social-accounts", headers=auth(key_a))
    one = client.get(f"/v1/social-accounts/{account_id}", headers=auth(key_a))
    exported = client.get("/v1/me/export", headers=auth(key_a))
    for response in (connected, listed, one):
        assert token not in response.text and refresh not in response.text
    assert token.encode() not in exported.content
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert all(token not in archive.read(n).decode(errors="ignore") for n in archive.namelist())
    with rt.session_factory() as session:
        account = session.get_one(SocialAccount, uuid.UUID(account_id))
        key = session.get_one(IntegrationKey, account.integration_id)
        assert key.access_token_encrypted != token and key.access_token(rt.box) == token
    duplicate = client.post(
        "/v1/social-accounts",
        json={"platform": "linkedin", "handle": handle, "access_token": "dup-token-zzz"},
        headers=auth(key_a),
    )
    assert duplicate.status_code == 409 and "dup-token-zzz" not in duplicate.text
    bad = client.post(
        "/v1/social-accounts",
        json={"platform": "myspace", "handle": "h", "access_token": token},
        headers=auth(key_a),
    )
    assert bad.status_code == 422 and token not in bad.text
    assert (
        client.delete(f"/v1/social-accounts/{account_id}", headers=auth(key_a)).status_code == 204
    )
    with rt.session_factory() as session:
        account = session.get_one(SocialAccount, uuid.UUID(account_id))
        assert account.is_connected is False and account.integration_id is None
        assert (
            session.scalars(
                select(IntegrationKey).where(
                    IntegrationKey.client_app_name == "twinreel",
                    IntegrationKey.platform == "linkedin",
                )
            ).all()
            == []
        )


def test_consent_log(client: TestClient, key_a: str) -> None:
    made = client.post(
        "/v1/me/consents",
        json={"consent_type": "voice_cloning", "granted": True},
        headers=auth(key_a),
    )
    assert made.status_code == 201
    withdrawn = client.post(
        "/v1/me/consents",
        json={"consent_type": "voice_cloning", "granted": False, "details": "changed my mind"},
        headers=auth(key_a),
    )
    assert withdrawn.status_code == 201
    log = client.get("/v1/me/consents", headers=auth(key_a)).json()
    voice = [c for c in log if c["consent_type"] == "voice_cloning"]
    assert [c["granted"] for c in voice][-2:] == [True, False]
    consent_id = made.json()["id"]
    assert client.get(f"/v1/me/consents/{consent_id}", headers=auth(key_a)).status_code == 200
    assert client.delete(f"/v1/me/consents/{consent_id}", headers=auth(key_a)).status_code == 204
    assert client.get(f"/v1/me/consents/{consent_id}", headers=auth(key_a)).status_code == 404
    bad = client.post(
        "/v1/me/consents",
        json={"consent_type": "mind_reading", "granted": True},
        headers=auth(key_a),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "consent_type"


def test_media_upload_sniffs_content_and_stores_safely(
    rt: Runtime, client: TestClient, key_a: str, creator: uuid.UUID
) -> None:
    uploaded = client.post(
        "/v1/media",
        data={"type": "raw_photo"},
        files={"file": ("../../etc/passwd.png", PNG, "image/png")},
        headers=auth(key_a),
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["content_type"] == "image/png" and body["size_bytes"] == len(PNG)
    assert body["filename"] == "passwd.png"
    stored = list((rt.settings.resolved_media_dir / str(creator) / "uploads").glob("*.png"))
    assert any(p.read_bytes() == PNG for p in stored)
    assert not (rt.settings.resolved_media_dir.parent / "etc").exists()
    content = client.get(f"/v1/media/{body['id']}/content", headers=auth(key_a))
    assert content.status_code == 200 and content.content == PNG
    assert body["id"] in {m["id"] for m in client.get("/v1/media", headers=auth(key_a)).json()}

    script = client.post(
        "/v1/media",
        data={"type": "raw_video"},
        files={"file": ("clip.mp4", b"#!/bin/sh\nrm -rf /\n", "video/mp4")},
        headers=auth(key_a),
    )
    assert script.status_code == 422 and "file" in script.json()["detail"]
    wrong_type = client.post(
        "/v1/media",
        data={"type": "raw_video"},
        files={"file": ("a.png", PNG, "image/png")},
        headers=auth(key_a),
    )
    assert wrong_type.status_code == 422 and "image/png" in wrong_type.json()["detail"]
    pipeline_only = client.post(
        "/v1/media",
        data={"type": "rendered_video"},
        files={"file": ("a.png", PNG, "image/png")},
        headers=auth(key_a),
    )
    assert pipeline_only.status_code == 422
    assert client.delete(f"/v1/media/{body['id']}", headers=auth(key_a)).status_code == 204
    assert client.get(f"/v1/media/{body['id']}", headers=auth(key_a)).status_code == 404
    assert not any(p.exists() and p.read_bytes() == PNG for p in stored)


def test_update_me_switches_and_validates_timezone(
    rt: Runtime, client: TestClient, tenant_b: World
) -> None:
    updated = client.patch(
        "/v1/me",
        json={
            "approval_required": True,
            "timezone": "Europe/Rome",
            "default_platforms": ["tiktok"],
        },
        headers=auth(tenant_b.key),
    )
    assert updated.status_code == 200
    prefs = updated.json()["preferences"]
    assert prefs["approval_required"] is True and prefs["default_platforms"] == ["tiktok"]
    assert updated.json()["timezone"] == "Europe/Rome"
    bad = client.patch("/v1/me", json={"timezone": "Mars/Olympus"}, headers=auth(tenant_b.key))
    assert bad.status_code == 422 and bad.json()["detail"].startswith("timezone")
    wrong = client.patch("/v1/me", json={"auto_publish": "yes"}, headers=auth(tenant_b.key))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "auto_publish"
