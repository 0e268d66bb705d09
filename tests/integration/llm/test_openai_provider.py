"""The real langchain-openai → openai SDK path against a loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from typing import Any

import openai
import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from pydantic import ValidationError

from agents.decisions import ContentPlan, Story, WritingConstraints
from agents.structured_call import StructuredOutputError, ask_structured, run_tool_loop
from tests.fakes.openai_server import CannedReply, FakeOpenAIServer
from tools.llm.usage import ModelUsage

Build = Callable[..., ChatOpenAI]
PROMPT_CONTEXT = {"request": {"prompt": "a 20s TikTok about passkeys, playful"}}


def _messages(context: dict[str, Any]) -> list[Any]:
    return [HumanMessage(f"Plan the reel.\n\n<context>\n{json.dumps(context)}\n</context>")]


def test_structured_output_goes_through_function_calling(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    usage = ModelUsage()
    plan = ask_structured(openai_model(), ContentPlan, _messages(PROMPT_CONTEXT), callbacks=[usage])
    assert plan.topic == "passkeys" and plan.target_duration_sec == 20
    (request,) = fake_openai_server.chat_requests()
    body = request.body
    assert body["model"] == "gpt-4.1-mini"
    assert body["tool_choice"] == {"type": "function", "function": {"name": "ContentPlan"}}
    schema = body["tools"][0]["function"]["parameters"]
    assert schema["additionalProperties"] is False  # extra="forbid" reaches the model
    assert "response_format" not in body
    assert request.headers["authorization"] == "Bearer sk-test"
    totals = usage.totals()
    assert totals.calls == 1 and totals.prompt_tokens > 0 and totals.completion_tokens > 0


def test_a_whole_story_round_trips_through_the_sdk(openai_model: Build) -> None:
    model = openai_model()
    plan = ask_structured(model, ContentPlan, _messages(PROMPT_CONTEXT))
    constraints = ask_structured(
        model, WritingConstraints, _messages({"persona": {"id": "p1", "name": "Nova"}})
    )
    story = ask_structured(
        model,
        Story,
        _messages({"plan": plan.model_dump(), "constraints": constraints.model_dump()}),
    )
    assert [s.purpose for s in story.scenes] == ["hook", "escalate", "twist", "loop"]
    assert story.duration_sec == plan.target_duration_sec


@tool
def trend_signals(topic: str) -> list[dict[str, Any]]:
    """Trending topics related to ``topic``, with scores."""
    return [{"topic": f"{topic} at banks", "score": 0.8}]


@tool
def platform_profile(platform: str) -> dict[str, Any]:
    """The platform's numbers."""
    raise RuntimeError("profile table is locked")


def test_tool_calls_are_executed_and_answered_over_the_wire(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    context = {"request": {"prompt": "a reel about passkeys"}, "default_platforms": ["tiktok"]}
    conversation, records = run_tool_loop(
        openai_model(), [trend_signals, platform_profile], _messages(context)
    )
    assert [(r.name, r.ok) for r in records] == [
        ("platform_profile", False),
        ("trend_signals", True),
    ]
    assert records[1].args == {"topic": "passkeys"}
    first, second = fake_openai_server.chat_requests()
    assert {t["function"]["name"] for t in first.body["tools"]} == {
        "trend_signals",
        "platform_profile",
    }
    tool_turns = [m for m in second.body["messages"] if m["role"] == "tool"]
    assert len(tool_turns) == 2
    assert any("profile table is locked" in m["content"] for m in tool_turns)
    assert isinstance(conversation[-1], AIMessage) and not conversation[-1].tool_calls


def test_429_and_500_are_retried_by_the_sdk(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    fake_openai_server.fail("rate_limit")
    fake_openai_server.fail("server_error")
    started = time.perf_counter()
    plan = ask_structured(openai_model(max_retries=2), ContentPlan, _messages(PROMPT_CONTEXT))
    assert plan.topic == "passkeys"
    assert [r.status for r in fake_openai_server.chat_requests()] == [429, 500, 200]
    assert time.perf_counter() - started < 3  # retry-after-ms was honoured


def test_persistent_server_errors_surface_after_the_retries(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    for _ in range(3):
        fake_openai_server.fail("server_error")
    with pytest.raises(openai.InternalServerError):
        ask_structured(openai_model(max_retries=1), ContentPlan, _messages(PROMPT_CONTEXT))
    assert len(fake_openai_server.chat_requests()) == 2


def test_a_slow_server_times_out(fake_openai_server: FakeOpenAIServer, openai_model: Build) -> None:
    fake_openai_server.fail("timeout", delay_s=3.0)
    started = time.perf_counter()
    with pytest.raises(openai.APITimeoutError):
        ask_structured(
            openai_model(timeout_s=0.3, max_retries=0), ContentPlan, _messages(PROMPT_CONTEXT)
        )
    assert time.perf_counter() - started < 2.5


def test_a_malformed_response_body_is_an_error_not_a_plan(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    fake_openai_server.fail("malformed_body")
    with pytest.raises((openai.APIError, ValueError)):
        ask_structured(openai_model(max_retries=0), ContentPlan, _messages(PROMPT_CONTEXT))


@pytest.mark.parametrize("fault", ["invalid_schema", "bad_arguments"])
def test_invalid_replies_are_repaired_with_the_error_shown(
    fake_openai_server: FakeOpenAIServer, openai_model: Build, fault: Any
) -> None:
    fake_openai_server.fail(fault)
    plan = ask_structured(openai_model(), ContentPlan, _messages(PROMPT_CONTEXT))
    assert plan.topic == "passkeys"
    _, second = fake_openai_server.chat_requests()
    repair = second.body["messages"]
    assert repair[-2]["role"] == "assistant" and repair[-2]["tool_calls"]
    assert repair[-1]["role"] == "tool"
    assert repair[-1]["tool_call_id"] == repair[-2]["tool_calls"][0]["id"]
    assert "Your ContentPlan was invalid" in repair[-1]["content"]


def test_structured_output_error_after_every_attempt_fails(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    fake_openai_server.smart = False
    for _ in range(3):
        fake_openai_server.enqueue(
            CannedReply(tool_calls=[{"name": "ContentPlan", "arguments": {"topic": "x"}}])
        )
    with pytest.raises(StructuredOutputError) as raised:
        ask_structured(openai_model(), ContentPlan, _messages(PROMPT_CONTEXT), attempts=3)
    error = raised.value
    assert error.attempts == 3 and error.schema_name == "ContentPlan"
    assert "Field required" in error.last_error
    assert json.loads(error.raw_text) == [{"topic": "x"}]
    assert len(fake_openai_server.chat_requests()) == 3
    assert fake_openai_server.pending == 0


def test_server_rejects_unanswered_tool_calls_like_openai(openai_model: Build) -> None:
    dangling = AIMessage(
        content="", tool_calls=[{"name": "trend_signals", "args": {"topic": "x"}, "id": "c9"}]
    )
    with pytest.raises(openai.BadRequestError, match="c9"):
        openai_model(max_retries=0).invoke([HumanMessage("hi"), dangling, HumanMessage("go on")])


def test_canned_usage_is_what_model_usage_reports(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    fake_openai_server.enqueue(CannedReply(content="hello", prompt_tokens=40, completion_tokens=9))
    usage = ModelUsage()
    reply = openai_model().invoke([HumanMessage("hi")], config={"callbacks": [usage]})
    assert reply.text == "hello"
    totals = usage.totals()
    assert (totals.calls, totals.prompt_tokens, totals.completion_tokens) == (1, 40, 9)


def test_json_schema_response_format_is_answered_too(openai_model: Build) -> None:
    structured = openai_model().with_structured_output(
        WritingConstraints, method="json_schema", strict=False
    )
    result = structured.invoke(_messages({"persona": {"id": "p9", "name": "Dana"}}))
    assert isinstance(result, WritingConstraints) and result.persona_id == "p9"


def test_embeddings_are_deterministic_unit_vectors(fake_openai_server: FakeOpenAIServer) -> None:
    client = openai.OpenAI(api_key="sk-test", base_url=fake_openai_server.base_url)
    texts = ["passkeys replace passwords", "passkeys replace passwords today", "sourdough starter"]
    first = client.embeddings.create(model="text-embedding-3-small", input=texts)
    again = client.embeddings.create(model="text-embedding-3-small", input=texts[0])
    floats = client.embeddings.create(
        model="text-embedding-3-small", input=texts[0], encoding_format="float", dimensions=32
    )
    vectors = [item.embedding for item in first.data]
    assert vectors[0] == again.data[0].embedding
    assert len(floats.data[0].embedding) == 32
    assert all(math.isclose(sum(v * v for v in vec), 1.0, rel_tol=1e-5) for vec in vectors)

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])
    assert first.usage.prompt_tokens == 9


def test_default_strict_structured_outputs_are_answered_but_not_repairable(
    fake_openai_server: FakeOpenAIServer, openai_model: Build
) -> None:
    """ChatOpenAI's default (strict json_schema, parsed inside the SDK) works against the
    server; but a bad reply raises inside the model call, before ``include_raw`` can catch it,
    which is why ``ask_structured`` uses function calling."""
    result = openai_model().with_structured_output(WritingConstraints)
    assert isinstance(result.invoke(_messages({"persona": {"id": "p9"}})), WritingConstraints)
    body = fake_openai_server.chat_requests()[-1].body
    assert body["response_format"]["json_schema"]["strict"] is True
    fake_openai_server.enqueue(CannedReply(content='{"persona_id": "p9"}'))
    strict = openai_model().with_structured_output(WritingConstraints, include_raw=True)
    with pytest.raises(ValidationError):
        strict.invoke(_messages({"persona": {"id": "p9"}}))
