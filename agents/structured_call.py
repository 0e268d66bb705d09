"""Asking a chat model for a typed decision, and letting it call tools first.

Two loops every agent uses, whatever the provider:

* :func:`ask_structured` asks for a pydantic structured output through function calling and,
  when the reply is not valid JSON or does not fit the schema, shows the model its own reply and
  the validation error and asks again. After ``attempts`` tries it raises
  :class:`StructuredOutputError`, which the graph records as a failed step (``error_json``).
* :func:`run_tool_loop` binds tools and executes what the model asks for until it stops, so a
  real model decides what to look up. A tool that fails answers with an error ``ToolMessage``;
  the run never crashes on a tool.

Why function calling and not OpenAI's ``json_schema`` response format: strict structured outputs
reject schemas with defaults-only fields and free-form maps (``dict[str, float]``), which our
decisions use, while function calling works on OpenAI and on OpenAI-compatible servers (Ollama,
vLLM, llama.cpp) alike. Validation is ours: the pydantic model is checked on every reply.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Sequence
from typing import Any, TypeVar

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field, ValidationError

T = TypeVar("T", bound=BaseModel)

_MAX_ERROR_CHARS = 2000
_MAX_RESULT_CHARS = 6000


class StructuredOutputError(RuntimeError):
    """The model did not produce a valid ``schema`` instance in ``attempts`` tries."""

    def __init__(self, schema_name: str, attempts: int, last_error: str, raw_text: str) -> None:
        self.schema_name = schema_name
        self.attempts = attempts
        self.last_error = last_error
        self.raw_text = raw_text
        super().__init__(
            f"no valid {schema_name} after {attempts} attempt(s); last error: "
            f"{_clip(last_error, 500)}"
        )

    def to_error_json(self) -> dict[str, Any]:
        """What the graph stores as the failed step's ``error_json``."""
        return {
            "type": "structured_output",
            "schema": self.schema_name,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "raw_text": _clip(self.raw_text, _MAX_ERROR_CHARS),
        }


class ToolCallRecord(BaseModel):
    """One tool call the model made, and what came back."""

    name: str
    args: dict[str, Any] = Field(default_factory=dict)
    ok: bool
    output: str = Field(description="The tool's result as the model saw it (JSON or text).")
    error: str | None = None
    duration_ms: float = 0.0

    def as_context(self) -> dict[str, Any]:
        """The call as data for a later prompt's ``<context>`` (``looked_up`` entries)."""
        result: Any = self.output
        with contextlib.suppress(TypeError, ValueError):
            result = json.loads(self.output)
        return {
            "tool": self.name,
            "args": self.args,
            "ok": self.ok,
            "result": result,
            "error": self.error,
        }


def ask_structured(
    model: BaseChatModel,
    schema: type[T],
    messages: Sequence[BaseMessage],
    *,
    attempts: int = 3,
    callbacks: Sequence[BaseCallbackHandler] | None = None,
) -> T:
    """A validated ``schema`` instance from ``model``, repairing invalid replies.

    Transport failures (429/5xx after the SDK's own retries, timeouts) propagate unchanged; only
    replies that arrive but do not fit the schema are repaired here.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    runnable = _structured_runnable(model, schema)
    config = _config(callbacks)
    conversation: list[BaseMessage] = list(messages)
    last_error = "no reply"
    raw_text = ""
    for _attempt in range(attempts):
        result = runnable.invoke(conversation, config=config)
        raw = result.get("raw")
        parsed = result.get("parsed")
        if isinstance(parsed, schema):
            return parsed
        raw_message = raw if isinstance(raw, AIMessage) else AIMessage(content=str(raw or ""))
        raw_text = _raw_text(raw_message)
        last_error = _describe_failure(result.get("parsing_error"), raw_message, schema)
        conversation.extend(_repair_turn(raw_message, schema.__name__, last_error))
    raise StructuredOutputError(schema.__name__, attempts, last_error, raw_text)


def run_tool_loop(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    messages: Sequence[BaseMessage],
    *,
    max_steps: int = 4,
    callbacks: Sequence[BaseCallbackHandler] | None = None,
) -> tuple[list[BaseMessage], list[ToolCallRecord]]:
    """Let the model call ``tools`` until it answers without a call, or ``max_steps`` rounds.

    Returns the whole conversation (ending with the model's answer, or with tool results when
    the step budget ran out) and a record of every call, for the run's event log.
    """
    conversation: list[BaseMessage] = list(messages)
    records: list[ToolCallRecord] = []
    if not tools:
        return conversation, records
    by_name = {tool.name: tool for tool in tools}
    bound = model.bind_tools(list(tools))
    config = _config(callbacks)
    for _step in range(max_steps):
        reply = bound.invoke(conversation, config=config)
        if not isinstance(reply, AIMessage):
            reply = AIMessage(content=str(reply))
        conversation.append(reply)
        if not reply.tool_calls and not reply.invalid_tool_calls:
            break
        for call in reply.tool_calls:
            message, record = _execute(by_name, call["name"], call["args"], call["id"] or "")
            conversation.append(message)
            records.append(record)
        for bad in reply.invalid_tool_calls:
            error = f"arguments are not valid JSON: {bad.get('error') or bad.get('args')}"
            conversation.append(
                ToolMessage(
                    content=f"Error: {error}",
                    tool_call_id=bad.get("id") or "",
                    name=bad.get("name") or "",
                    status="error",
                )
            )
            records.append(
                ToolCallRecord(name=bad.get("name") or "", ok=False, output="", error=error)
            )
    return conversation, records


def _structured_runnable(model: BaseChatModel, schema: type[BaseModel]) -> Runnable[Any, Any]:
    from langchain_openai.chat_models.base import BaseChatOpenAI

    if isinstance(model, BaseChatOpenAI):
        return model.with_structured_output(schema, method="function_calling", include_raw=True)
    return model.with_structured_output(schema, include_raw=True)


def _config(callbacks: Sequence[BaseCallbackHandler] | None) -> RunnableConfig:
    return {"callbacks": list(callbacks)} if callbacks else {}


def _execute(
    by_name: dict[str, BaseTool], name: str, args: dict[str, Any], call_id: str
) -> tuple[ToolMessage, ToolCallRecord]:
    started = time.perf_counter()
    tool = by_name.get(name)
    if tool is None:
        error = f"unknown tool {name!r}; available: {', '.join(sorted(by_name))}"
    else:
        try:
            output = _as_text(tool.invoke(args))
        except Exception as exc:  # any tool failure goes back to the model, never up
            error = f"{type(exc).__name__}: {exc}"
        else:
            elapsed = (time.perf_counter() - started) * 1000
            return (
                ToolMessage(content=output, tool_call_id=call_id, name=name),
                ToolCallRecord(name=name, args=args, ok=True, output=output, duration_ms=elapsed),
            )
    elapsed = (time.perf_counter() - started) * 1000
    return (
        ToolMessage(content=f"Error: {error}", tool_call_id=call_id, name=name, status="error"),
        ToolCallRecord(name=name, args=args, ok=False, output="", error=error, duration_ms=elapsed),
    )


def _as_text(output: Any) -> str:
    if isinstance(output, ToolMessage):
        output = output.content
    if isinstance(output, str):
        return _clip(output, _MAX_RESULT_CHARS)
    if isinstance(output, BaseModel):
        return _clip(output.model_dump_json(), _MAX_RESULT_CHARS)
    return _clip(json.dumps(output, default=str, ensure_ascii=False), _MAX_RESULT_CHARS)


def _raw_text(message: AIMessage) -> str:
    if message.tool_calls:
        return json.dumps([call["args"] for call in message.tool_calls], default=str)
    if message.invalid_tool_calls:
        return "\n".join(str(call.get("args")) for call in message.invalid_tool_calls)
    return message.text


def _describe_failure(error: object, message: AIMessage, schema: type[BaseModel]) -> str:
    if isinstance(error, ValidationError):
        return _clip(str(error), _MAX_ERROR_CHARS)
    cause = getattr(error, "__cause__", None)
    if isinstance(cause, ValidationError):
        return _clip(str(cause), _MAX_ERROR_CHARS)
    if error is not None:
        return _clip(f"{type(error).__name__}: {error}", _MAX_ERROR_CHARS)
    if message.invalid_tool_calls:
        return "the function arguments were not valid JSON"
    return f"the reply did not call the function {schema.__name__!r} with its arguments"


def _repair_turn(raw: AIMessage, schema_name: str, error: str) -> list[BaseMessage]:
    """The bad reply and the error, in a shape every OpenAI-compatible server accepts.

    A reply with tool calls must be answered by one tool message per call id before the next
    user turn, so the error goes back as the tool result.
    """
    instruction = (
        f"Your {schema_name} was invalid: {error}\nCall {schema_name} again with arguments that "
        "are valid JSON and satisfy every field of its schema."
    )
    call_ids = [call["id"] for call in raw.tool_calls if call.get("id")]
    call_ids += [call["id"] for call in raw.invalid_tool_calls if call.get("id")]
    if not call_ids:
        return [AIMessage(content=raw.text or "(no function call)"), HumanMessage(instruction)]
    turn: list[BaseMessage] = [raw]
    turn += [
        ToolMessage(content=f"Error: {instruction}", tool_call_id=call_id, status="error")
        for call_id in call_ids
    ]
    return turn


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
