"""ask_structured and run_tool_loop with the offline writer and a deliberately broken model."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool, tool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ConfigDict, Field

from agents.decisions import ContentPlan
from agents.structured_call import StructuredOutputError, ask_structured, run_tool_loop
from tests.unit.tools.llm.conftest import context_messages
from tools.llm.offline import OfflineWriterModel
from tools.llm.usage import ModelUsage


class ScriptedModel(BaseChatModel):
    """Replies with a fixed list of AIMessages in turn, recording what it was sent."""

    replies: list[AIMessage]
    seen: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        reply = self.replies[min(len(self.seen) - 1, len(self.replies) - 1)]
        return ChatResult(generations=[ChatGeneration(message=reply)])


class Verdict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    score: float = Field(ge=0, le=1)
    reason: str


def _call(args: dict[str, Any], call_id: str = "c1") -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": "Verdict", "args": args, "id": call_id}])


def test_an_invalid_reply_is_repaired_with_the_error_shown_to_the_model() -> None:
    model = ScriptedModel(
        replies=[_call({"score": 3}, "bad"), _call({"score": 0.8, "reason": "clear"}, "ok")]
    )
    verdict = ask_structured(model, Verdict, [HumanMessage("judge this")])
    assert verdict == Verdict(score=0.8, reason="clear")
    second_request = model.seen[1]
    repair = second_request[-1]
    assert isinstance(repair, ToolMessage)
    assert repair.tool_call_id == "bad"
    assert "reason" in repair.text and "Field required" in repair.text
    assert "less than or equal to 1" in repair.text


def test_exhausted_attempts_raise_with_schema_attempts_error_and_raw_text() -> None:
    model = ScriptedModel(replies=[AIMessage(content="I would rather not.")])
    with pytest.raises(StructuredOutputError) as raised:
        ask_structured(model, Verdict, [HumanMessage("judge this")], attempts=2)
    error = raised.value
    assert (error.schema_name, error.attempts) == ("Verdict", 2)
    assert "did not call the function 'Verdict'" in error.last_error
    assert error.raw_text == "I would rather not."
    as_json = error.to_error_json()
    assert as_json["type"] == "structured_output" and as_json["schema"] == "Verdict"
    json.dumps(as_json)
    assert len(model.seen) == 2
    assert isinstance(model.seen[1][-1], HumanMessage)  # text replies get a user-turn repair


def test_offline_writer_answers_structured_requests_through_the_same_path() -> None:
    usage = ModelUsage()
    plan = ask_structured(
        OfflineWriterModel(),
        ContentPlan,
        context_messages({"request": {"prompt": "a 20s TikTok about passkeys, playful"}}),
        callbacks=[usage],
    )
    assert plan.topic == "passkeys"
    assert plan.platform == "tiktok"
    assert plan.target_duration_sec == 20
    assert usage.totals().calls == 1


class Echo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic: str
    count: int = Field(ge=2, le=5)
    tags: list[str] = Field(min_length=1)


def test_offline_writer_fills_unknown_schemas_validly_from_the_context() -> None:
    echo = ask_structured(OfflineWriterModel(), Echo, context_messages({"topic": "passkeys"}))
    assert echo.topic == "passkeys"
    assert 2 <= echo.count <= 5
    assert echo.tags


@tool
def trend_signals(topic: str) -> list[dict[str, Any]]:
    """Trending topics related to ``topic`` with a score in [0, 1]."""
    return [{"topic": f"{topic} rollout", "score": 0.9}]


@tool
def platform_profile(platform: str) -> dict[str, Any]:
    """The platform's ideal length and hook window."""
    raise RuntimeError(f"profile store unavailable for {platform}")


@tool
def publish_reel(reel_id: str) -> str:
    """Publishes a reel (the planner never needs this)."""
    raise AssertionError("must not be called")


def test_tool_loop_runs_recognised_tools_once_and_returns_errors_as_tool_messages() -> None:
    messages = context_messages(
        {"request": {"prompt": "a reel about passkeys", "platform": "tiktok"}}
    )
    conversation, records = run_tool_loop(
        OfflineWriterModel(), [trend_signals, platform_profile, publish_reel], messages
    )
    assert [r.name for r in records] == ["platform_profile", "trend_signals"]
    failed = next(r for r in records if r.name == "platform_profile")
    assert not failed.ok and "profile store unavailable" in (failed.error or "")
    errors = [m for m in conversation if isinstance(m, ToolMessage) and m.status == "error"]
    assert len(errors) == 1 and "RuntimeError" in errors[0].text
    assert records[1].args == {"topic": "passkeys"}
    assert records[1].as_context()["result"] == [{"topic": "passkeys rollout", "score": 0.9}]
    final = conversation[-1]
    assert isinstance(final, AIMessage) and not final.tool_calls


def test_tools_whose_arguments_are_unknown_are_not_called() -> None:
    messages = context_messages({"request": {"prompt": "a reel about passkeys"}})
    _, records = run_tool_loop(OfflineWriterModel(), [trend_signals, platform_profile], messages)
    assert [r.name for r in records] == ["trend_signals"]


def test_tool_loop_reports_unknown_tools_and_bad_arguments_to_the_model() -> None:
    model = ScriptedModel(
        replies=[
            AIMessage(
                content="",
                tool_calls=[{"name": "nope", "args": {}, "id": "a"}],
                invalid_tool_calls=[
                    {
                        "name": "trend_signals",
                        "args": "{oops",
                        "id": "b",
                        "error": "bad json",
                        "type": "invalid_tool_call",
                    }
                ],
            ),
            AIMessage(content="done"),
        ]
    )
    conversation, records = run_tool_loop(model, [trend_signals], [HumanMessage("go")])
    tool_messages = [m for m in conversation if isinstance(m, ToolMessage)]
    assert {m.tool_call_id for m in tool_messages} == {"a", "b"}
    assert "unknown tool 'nope'; available: trend_signals" in tool_messages[0].text
    assert all(not r.ok for r in records)
    assert conversation[-1].text == "done"


def test_tool_loop_stops_after_max_steps() -> None:
    looping = ScriptedModel(
        replies=[
            AIMessage(
                content="",
                tool_calls=[{"name": "trend_signals", "args": {"topic": "x"}, "id": "t"}],
            )
        ]
    )
    _, records = run_tool_loop(looping, [trend_signals], [HumanMessage("go")], max_steps=3)
    assert len(records) == 3
