"""A chat prompt becomes a reel whose making streams over SSE; approving it in chat publishes it.

One real production run (offline providers, 270-px render) read to the end of its stream, then
the approval's stream to the end, then every record the API shows about it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, get_args

from fastapi.testclient import TestClient
from sqlalchemy import update

from api.runtime import Runtime
from graph.state import CriticDecision
from storage.database import transaction
from storage.identity import User
from tests.integration.api.conftest import World, auth
from tests.integration.api.sse_client import read_events

SSE = {"Accept": "text/event-stream"}


def _require_approval(rt: Runtime, user_id: uuid.UUID, required: bool) -> None:
    with transaction(rt.session_factory) as session:
        user = session.get_one(User, user_id)
        prefs = {**user.preferences_json, "approval_required": required, "auto_publish": True}
        session.execute(update(User).where(User.id == user_id).values(preferences_json=prefs))


def _stream(client: TestClient, key: str, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    with client.stream("POST", "/v1/chat", json=body, headers={**auth(key), **SSE}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return list(read_events(response))


def test_chat_streams_a_reel_then_approval_in_chat_publishes_it(
    rt: Runtime, client: TestClient, creator: uuid.UUID, key_a: str
) -> None:
    _require_approval(rt, creator, True)
    events = _stream(
        client, key_a, {"message": "a 20 s TikTok about passkeys, playful, use my Space Twin"}
    )
    names = [name for name, _ in events]
    assert names[0] == "job" and names[-1] == "end" and names[-2] == "answer"
    preamble = events[0][1]
    assert preamble["intent"] == "make_reels" and len(preamble["jobs"]) == 1
    job_id = preamble["jobs"][0]["job_id"]
    conversation_id = preamble["conversation_id"]
    progress = [data for name, data in events if name == "progress"]
    assert all(p["job_id"] == job_id for p in progress)
    steps = [(p["step"], p["status"]) for p in progress]
    for expected in [("plan", "done"), ("persona", "done"), ("story", "done"), ("critic", "done")]:
        assert expected in steps, f"{expected} missing from {steps}"
    assert steps.index(("plan", "done")) < steps.index(("story", "done"))
    plan = next(p for p in progress if p["step"] == "plan" and p["status"] == "done")["plan"]
    assert plan["platform"] == "tiktok" and plan["target_duration_sec"] == 20
    critic = [p for p in progress if p["step"] == "critic" and p["status"] == "done"]
    assert all(0 <= c["report"]["total_score"] <= 1 for c in critic)
    assert {c["decision"] for c in critic} <= set(get_args(CriticDecision))
    pcts = [p["pct"] for p in progress if p["step"] == "media" and p["status"] == "progress"]
    assert pcts and pcts == sorted(pcts) and pcts[-1] == 100.0
    assert ("approval", "waiting") in steps
    assert not any("video" in p and str(p["video"]).startswith("/") for p in progress)
    answer = events[-2][1]
    assert answer["status"] == "awaiting_approval" and answer["job_id"] == job_id
    reel_id = answer["reel_id"]
    assert answer["video_url"] == f"/v1/reels/{reel_id}/video"

    reviews = client.get("/v1/reviews", headers=auth(key_a)).json()
    review = next(r for r in reviews if r["id"] == reel_id)
    assert review["approval_status"] == "pending_review" and review["run_id"] == answer["run_id"]

    video = client.get(answer["video_url"], headers={**auth(key_a), "Range": "bytes=0-99"})
    assert video.status_code == 206 and len(video.content) == 100
    assert video.headers["content-range"].startswith("bytes 0-99/")
    assert video.content[4:8] == b"ftyp"
    total = int(video.headers["content-range"].split("/")[1])
    tail = client.get(answer["video_url"], headers={**auth(key_a), "Range": f"bytes={total - 10}-"})
    assert tail.status_code == 206 and len(tail.content) == 10
    beyond = client.get(answer["video_url"], headers={**auth(key_a), "Range": f"bytes={total}-"})
    assert beyond.status_code == 416

    approval = _stream(client, key_a, {"message": "approve", "conversation_id": conversation_id})
    assert approval[0][1]["intent"] == "approve"
    approval_steps = [(d["step"], d["status"]) for n, d in approval if n == "progress"]
    assert ("approval", "creator_approved") in approval_steps
    assert ("publish", "done") in approval_steps
    assert not any(step in ("plan", "story", "media") for step, _ in approval_steps), (
        "an approval's stream shows what happens after the approval, not the making again"
    )
    assert [n for n, _ in approval].count("answer") == 1
    final = approval[-2][1]
    assert final["status"] == "completed"

    job = client.get(f"/v1/jobs/{job_id}", headers=auth(key_a)).json()
    assert job["status"] == "completed" and job["live"] is False
    assert "/" not in str(job["result"].get("video", "")) and "file://" not in str(job)
    assert job["critic_attempts"] and job["reel_ids"] == [reel_id] and job["post_ids"]
    assert {e["event_type"] for e in job["events"]} >= {"run_started", "reel_approved"}
    post = client.get(f"/v1/posts/{job['post_ids'][0]}", headers=auth(key_a)).json()
    assert post["publish_status"] == "published" and post["platform"] == "tiktok"

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        convo = client.get(f"/v1/conversations/{conversation_id}", headers=auth(key_a)).json()
        if sum(m["intent"] == "run_finished" for m in convo["messages"]) == 2:
            break
        time.sleep(0.1)
    roles = [(m["role"], m["intent"]) for m in convo["messages"]]
    assert roles[:2] == [("user", "make_reels"), ("assistant", "make_reels")]
    assert ("user", "approve") in roles and ("assistant", "run_finished") in roles
    _require_approval(rt, creator, False)


def test_a_question_about_last_week_is_answered_from_the_database(
    client: TestClient, key_a: str
) -> None:
    response = client.post(
        "/v1/chat", json={"message": "how did last week go?"}, headers=auth(key_a)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["intent"] == "results" and body["jobs"] == []
    assert body["data"]["posts"] >= 0 and "views" in body["data"]["totals"]


def test_approve_with_nothing_waiting_says_so_and_help_explains(
    client: TestClient, key_a: str
) -> None:
    reply = client.post("/v1/chat", json={"message": "approve"}, headers=auth(key_a)).json()
    assert reply["intent"] == "approve" and "no reel is waiting" in reply["answer"]
    hello = client.post("/v1/chat", json={"message": "hello there"}, headers=auth(key_a)).json()
    assert hello["intent"] == "help" and "TikTok" in hello["answer"]


def test_a_disconnected_stream_does_not_lose_the_run(
    rt: Runtime, client: TestClient, key_a: str
) -> None:
    with client.stream(
        "POST",
        "/v1/jobs",
        json={"prompt": "a reel about tea", "duration_sec": 10},
        headers={**auth(key_a), **SSE},
    ) as response:
        first = next(read_events(response))
        assert first[0] == "job"
        job_id = first[1]["job_id"]
    # The client is gone; the run goes on and the job shows how it ended.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}", headers=auth(key_a)).json()
        if not job["live"] and job["status"] != "running":
            break
        time.sleep(0.25)
    assert job["status"] == "completed", job
    assert job["progress"][-1]["step"] == "answer"
    replay = client.get(f"/v1/jobs/{job_id}/events", headers=auth(key_a))
    kinds = [n for n, _ in read_events(replay)]
    assert kinds[0] == "job" and kinds[-2:] == ["answer", "end"] and "progress" in kinds


def test_cancel_stops_a_running_job(client: TestClient, key_a: str) -> None:
    started = client.post("/v1/jobs", json={"prompt": "a reel about bread"}, headers=auth(key_a))
    assert started.status_code == 202
    job_id = started.json()["job_id"]
    cancel = client.post(f"/v1/jobs/{job_id}/cancel", headers=auth(key_a))
    assert cancel.status_code == 200 and cancel.json()["status"] in ("cancelling", "cancelled")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}", headers=auth(key_a)).json()
        if job["status"] == "cancelled" and not job["live"]:
            break
        time.sleep(0.1)
    assert job["status"] == "cancelled"
    again = client.post(f"/v1/jobs/{job_id}/cancel", headers=auth(key_a))
    assert again.status_code == 409 and "already ended" in again.json()["detail"]
    resume = client.post(f"/v1/jobs/{job_id}/resume", headers=auth(key_a))
    assert resume.status_code == 409


def test_a_run_refused_for_missing_consent_resumes_after_the_consent_is_granted(
    rt: Runtime, client: TestClient, creator: uuid.UUID, key_a: str
) -> None:
    from sqlalchemy import select

    from storage.creative import AiTwin

    with transaction(rt.session_factory) as session:
        twin = session.scalars(
            select(AiTwin).where(AiTwin.user_id == creator, AiTwin.name == "Space Twin")
        ).one()
        original = dict(twin.style_json)
        twin.style_json = {**original, "uses_likeness": True}
    try:
        with client.stream(
            "POST",
            "/v1/jobs",
            json={"prompt": "a reel about sleep", "persona": "Space Twin", "duration_sec": 10},
            headers={**auth(key_a), **SSE},
        ) as response:
            events = list(read_events(response))
        failed = events[-2][1]
        assert failed["status"] == "failed" and "likeness_modeling" in failed["error"]
        job_id = failed["job_id"]
        job = client.get(f"/v1/jobs/{job_id}", headers=auth(key_a)).json()
        assert job["status"] == "failed" and job["error"]["node"] == "media"

        granted = client.post(
            "/v1/me/consents",
            json={"consent_type": "likeness_modeling", "granted": True},
            headers=auth(key_a),
        )
        assert granted.status_code == 201
        with client.stream(
            "POST", f"/v1/jobs/{job_id}/resume", headers={**auth(key_a), **SSE}
        ) as response:
            resumed = list(read_events(response))
        steps = [(d["step"], d["status"]) for n, d in resumed if n == "progress"]
        assert ("media", "done") in steps and ("plan", "started") not in steps
        assert resumed[-2][1]["status"] == "completed"
        assert client.get(f"/v1/jobs/{job_id}", headers=auth(key_a)).json()["status"] == "completed"
    finally:
        with transaction(rt.session_factory) as session:
            session.get_one(AiTwin, twin.id).style_json = original


def test_a_retried_job_request_with_the_same_idempotency_key_starts_one_job(
    client: TestClient, key_a: str, tenant_b: World
) -> None:
    body = {"prompt": "a reel about coffee", "duration_sec": 10}
    headers = {**auth(key_a), "Idempotency-Key": "tap-42"}
    first = client.post("/v1/jobs", json=body, headers=headers)
    second = client.post("/v1/jobs", json=body, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["job_id"] == second.json()["job_id"]
    # The same key from another creator is another job (keys are scoped per creator).
    other = client.post(
        "/v1/jobs", json=body, headers={**auth(tenant_b.key), "Idempotency-Key": "tap-42"}
    )
    assert other.status_code == 202 and other.json()["job_id"] != first.json()["job_id"]
    for key, ref in ((key_a, first.json()), (tenant_b.key, other.json())):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = client.get(f"/v1/jobs/{ref['job_id']}", headers=auth(key)).json()
            if not job["live"] and job["status"] != "running":
                break
            time.sleep(0.25)
        assert job["status"] in ("completed", "failed", "awaiting_approval"), job
