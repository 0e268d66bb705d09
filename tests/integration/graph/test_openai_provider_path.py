"""The same graph through the real OpenAI code path (langchain-openai → openai SDK → loopback)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from agents.planner import PlanningRequest
from api.commands.db import upgrade_and_seed
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from graph.runs import resume_run, start_run
from storage.orchestration import AgentRun, ErrorLog, Job
from storage.publishing import Post
from tests.fakes.openai_server import FakeOpenAIServer, running_fake_openai
from tests.integration.graph.conftest import PREVIEW_WIDTH

REQUEST = PlanningRequest(
    prompt="a 20s TikTok about passkeys, playful", platform="tiktok", duration_sec=20
)


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with running_fake_openai() as server:
        yield server


@pytest.fixture
def openai_rt(tmp_path: Path, fake: FakeOpenAIServer) -> Iterator[Runtime]:
    settings = Settings(
        data_dir=tmp_path / "data",
        openai_api_key="sk-test-not-a-real-key",  # type: ignore[arg-type]
        openai_base_url=fake.base_url,
        embedder="lexical",
        _env_file=None,  # type: ignore[call-arg]
    )
    runtime = open_runtime(settings)
    yield runtime
    runtime.close()


@pytest.fixture
def openai_creator(openai_rt: Runtime) -> uuid.UUID:
    user = upgrade_and_seed(openai_rt, demo_creator=True)
    assert user is not None
    return user.id


def test_run_through_openai_calls_tools_and_structured_outputs(
    openai_rt: Runtime, openai_creator: uuid.UUID, fake: FakeOpenAIServer
) -> None:
    ctx = openai_rt.run_context(width_override=PREVIEW_WIDTH)
    assert ctx.critic_judge is not None  # a real critic model adds its rubric
    with openai_rt.checkpointer() as saver:
        outcome = start_run(ctx, saver, openai_creator, REQUEST)
    assert outcome.status == "completed", outcome.error
    bodies = [r.body for r in fake.chat_requests()]
    assert any(body.get("tools") for body in bodies), "agents offered tools to the model"
    offered = {tool["function"]["name"] for body in bodies for tool in body.get("tools", [])}
    assert {"trend_signals", "winning_patterns", "platform_profile"} <= offered
    assert any(m.get("role") == "tool" for body in bodies for m in body.get("messages", [])), (
        "the model's tool calls were executed and answered"
    )
    _assert_published(openai_rt)


def _assert_published(rt: Runtime) -> None:
    with rt.session_factory() as session:
        posts = session.scalars(select(Post)).all()
    assert "tiktok" in {p.platform for p in posts}
    assert {p.publish_status for p in posts} == {"published"}


def test_transient_provider_faults_are_retried_transparently(
    openai_rt: Runtime, openai_creator: uuid.UUID, fake: FakeOpenAIServer
) -> None:
    fake.fail("rate_limit")
    fake.fail("server_error")
    ctx = openai_rt.run_context(width_override=PREVIEW_WIDTH)
    with openai_rt.checkpointer() as saver:
        outcome = start_run(ctx, saver, openai_creator, REQUEST)
    assert outcome.status == "completed", outcome.error
    assert fake.pending == 0


def test_unrepairable_replies_fail_the_step_with_a_record_then_resume_completes(
    openai_rt: Runtime, openai_creator: uuid.UUID, fake: FakeOpenAIServer
) -> None:
    ctx = openai_rt.run_context(width_override=PREVIEW_WIDTH)
    for _ in range(8):  # more than the tool loop and every repair attempt can use up
        fake.fail("invalid_schema")
    with openai_rt.checkpointer() as saver:
        failed = start_run(ctx, saver, openai_creator, REQUEST)
        assert failed.status == "failed"
        with openai_rt.session_factory() as session:
            job = session.scalars(select(Job)).one()
            assert job.status == "failed" and job.error_json is not None
            assert job.error_json["node"] == "planner"
            run = session.get_one(AgentRun, uuid.UUID(failed.run_id))
            assert run.result == "error" and run.error_json is not None
            error = session.scalars(select(ErrorLog)).one()
            assert error.scope == "planner" and "ContentPlan" in error.message

        with fake.state.lock:
            fake.state.script.clear()
        resumed = resume_run(ctx, saver, uuid.UUID(failed.run_id))
    assert resumed.status == "completed", resumed.error
    with openai_rt.session_factory() as session:
        assert session.scalars(select(Job)).one().status == "completed"
    _assert_published(openai_rt)
