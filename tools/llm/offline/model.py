"""``OfflineWriterModel``: the offline provider behind the chat-model interface.

It is a real ``BaseChatModel``: ``with_structured_output`` goes through ``bind_tools`` and a
forced function call exactly as langchain-openai's function-calling method does, so
``agents.structured_call`` runs the same code for both providers. Given a forced function it
fills that schema from the ``<context>``; given tools to choose from, it calls each tool it
recognises (once, in a sensible order, only when the context lacks what the tool provides) and
then answers. Usage metadata is estimated (4 characters per token) so cost reports work offline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, ToolCall
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ValidationError

from tools.llm.offline.constraints_writer import write_constraints
from tools.llm.offline.context import (
    ConstraintsContext,
    PlanContext,
    StoryContext,
    context_key_for_tool,
    raw_context,
)
from tools.llm.offline.plan_writer import write_plan
from tools.llm.offline.schema_fill import conform, fill
from tools.llm.offline.story_writer import write_story
from tools.llm.offline.topics import extract_topic_phrase

M = TypeVar("M", bound=BaseModel)
OFFLINE_MODEL_NAMES: tuple[str, ...] = ("writer",)
#: The order in which recognised tools are called: who, where, for whom, then what is hot.
TOOL_CALL_ORDER: tuple[str, ...] = (
    "persona",
    "twin",
    "voice",
    "platform_profile",
    "audience_profiles",
    "trend_signals",
    "strategy_adjustments",
    "memory_hits",
    "emotion_curves",
)
_CHARS_PER_TOKEN = 4


def _lenient(model: type[M], data: dict[str, Any]) -> M:
    """Validate, dropping the parts of ``data`` that do not fit rather than failing."""
    current: dict[str, Any] = json.loads(json.dumps(data, default=str))
    for _ in range(50):
        try:
            return model.model_validate(current)
        except ValidationError as exc:
            loc = exc.errors()[0]["loc"]
            if not loc:
                return model()
            _drop(current, list(loc))
    return model()


def _has_child(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


def _drop(data: Any, loc: list[str | int]) -> None:
    """Remove the innermost list item or dict key on the error path (or the top-level key)."""
    parents: list[tuple[Any, str | int]] = []
    node = data
    for part in loc:
        if not _has_child(node, part):
            break
        parents.append((node, part))
        node = node[part]
    for container, key in reversed(parents):
        if isinstance(container, list):
            container.pop(int(key))
            return
    if parents:
        container, key = parents[0]
        del container[key]


Writer = Callable[[dict[str, Any]], dict[str, Any]]
WRITERS: dict[str, Writer] = {
    "ContentPlan": lambda ctx: write_plan(_lenient(PlanContext, ctx)),
    "WritingConstraints": lambda ctx: write_constraints(_lenient(ConstraintsContext, ctx)),
    "Story": lambda ctx: write_story(_lenient(StoryContext, ctx)),
}


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _flat_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context with the common argument names resolved (topic, platform, persona_id…)."""
    request = _as_dict(context.get("request"))
    plan = _as_dict(context.get("plan"))
    persona = _as_dict(context.get("persona"))
    flat: dict[str, Any] = {**plan, **request, **context}
    topic = request.get("topic") or plan.get("topic")
    if not topic and request.get("prompt"):
        topic = extract_topic_phrase(str(request["prompt"]))
    if topic:
        flat.setdefault("topic", topic)
        flat.setdefault("query", topic)
    defaults = context.get("default_platforms") or context.get("platforms") or []
    platform = request.get("platform") or plan.get("platform") or (defaults[:1] or [None])[0]
    if platform:
        flat["platform"] = platform
    audiences = context.get("audience_keys") or []
    audience = plan.get("audience_key") or (audiences[:1] or [None])[0]
    if audience:
        flat.setdefault("audience_key", audience)
    persona_id = request.get("persona_id") or persona.get("id")
    if persona_id:
        flat.setdefault("persona_id", persona_id)
    return flat


def structured_answer(
    name: str,
    parameters: dict[str, Any],
    messages: Sequence[BaseMessage],
) -> dict[str, Any]:
    """Arguments for the forced function ``name`` whose JSON schema is ``parameters``."""
    context = raw_context(messages)
    writer = WRITERS.get(name)
    flat = _flat_context(context)
    if writer is None:
        filled = fill(parameters, flat)
        return filled if isinstance(filled, dict) else {"value": filled}
    return conform(writer(context), parameters, flat)


def _called_names(messages: Sequence[BaseMessage]) -> set[str]:
    return {call["name"] for m in messages if isinstance(m, AIMessage) for call in m.tool_calls}


def tool_calls_for(
    tools: Sequence[dict[str, Any]], messages: Sequence[BaseMessage]
) -> list[ToolCall]:
    """The recognised tools not yet called whose facts the context still lacks, in order."""
    context = raw_context(messages)
    flat = _flat_context(context)
    already = _called_names(messages)
    wanted: list[tuple[int, str, dict[str, Any]]] = []
    for tool in tools:
        function = tool.get("function", tool)
        name = str(function.get("name", ""))
        key = context_key_for_tool(name)
        if key is None or name in already or context.get(key) not in (None, "", [], {}):
            continue
        parameters = function.get("parameters") or {"type": "object", "properties": {}}
        if any(flat.get(arg) in (None, "", [], {}) for arg in parameters.get("required") or []):
            continue  # a real model would not call a tool with made-up arguments
        args = fill(parameters, flat)
        order = TOOL_CALL_ORDER.index(key) if key in TOOL_CALL_ORDER else len(TOOL_CALL_ORDER)
        wanted.append((order, name, args if isinstance(args, dict) else {}))
    wanted.sort(key=lambda item: item[0])
    step = sum(1 for m in messages if isinstance(m, AIMessage))
    return [
        ToolCall(name=name, args=args, id=f"call_offline_{step}_{index}_{name}")
        for index, (_, name, args) in enumerate(wanted)
    ]


def _forced_name(tools: Sequence[dict[str, Any]], tool_choice: Any) -> str | None:
    if isinstance(tool_choice, dict):
        function = tool_choice.get("function") or {}
        return str(function.get("name") or tool_choice.get("name") or "") or None
    if isinstance(tool_choice, str) and tool_choice not in {"auto", "none", "any", "required"}:
        return tool_choice
    if tool_choice in {"any", "required"} and len(tools) == 1:
        return str(tools[0].get("function", tools[0]).get("name"))
    return None


def answer(
    messages: Sequence[BaseMessage],
    tools: Sequence[dict[str, Any]] | None = None,
    tool_choice: Any = None,
) -> AIMessage:
    """The offline writer's reply to a conversation, with OpenAI-format ``tools``."""
    tools = list(tools or [])
    forced = _forced_name(tools, tool_choice) if tools else None
    if forced is not None:
        spec: dict[str, Any] = next(
            (t.get("function", t) for t in tools if t.get("function", t).get("name") == forced), {}
        )
        args = structured_answer(forced, spec.get("parameters") or {}, messages)
        message = AIMessage(
            content="", tool_calls=[ToolCall(name=forced, args=args, id=f"call_offline_{forced}")]
        )
    elif tools and tool_choice != "none" and (calls := tool_calls_for(tools, messages)):
        message = AIMessage(content="", tool_calls=calls)
    else:
        message = AIMessage(content=_text_answer(messages))
    return _with_usage(message, messages, tools)


def _text_answer(messages: Sequence[BaseMessage]) -> str:
    context = raw_context(messages)
    known = sorted(k for k, v in context.items() if v not in (None, "", [], {}))
    called = sorted(_called_names(messages))
    parts = ["I have what I need."]
    if called:
        parts.append(f"Looked up: {', '.join(called)}.")
    if known:
        parts.append(f"Known facts: {', '.join(known)}.")
    return " ".join(parts)


def _with_usage(
    message: AIMessage, messages: Sequence[BaseMessage], tools: Sequence[dict[str, Any]]
) -> AIMessage:
    prompt_chars = sum(len(m.text) for m in messages) + len(json.dumps(tools))
    output_chars = len(message.text) + len(json.dumps([c["args"] for c in message.tool_calls]))
    prompt = math.ceil(prompt_chars / _CHARS_PER_TOKEN)
    completion = max(1, math.ceil(output_chars / _CHARS_PER_TOKEN))
    message.usage_metadata = {
        "input_tokens": prompt,
        "output_tokens": completion,
        "total_tokens": prompt + completion,
    }
    return message


class OfflineWriterModel(BaseChatModel):
    """A deterministic chat model that writes plans, personas and stories with no network."""

    model_name: str = "writer"

    @property
    def _llm_type(self) -> str:
        return "twinreel-offline-writer"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def with_structured_output(
        self,
        schema: dict[str, Any] | type,
        *,
        include_raw: bool = False,
        method: str | None = None,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | BaseModel]:
        """Function calling, like the OpenAI provider; ``method``/``strict`` are accepted
        for signature compatibility and ignored."""
        return super().with_structured_output(schema, include_raw=include_raw, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = answer(messages, kwargs.get("tools"), kwargs.get("tool_choice"))
        usage: dict[str, Any] = dict(message.usage_metadata or {})
        return ChatResult(
            generations=[ChatGeneration(message=message)],
            llm_output={
                "model_name": self.model_name,
                "token_usage": {
                    "prompt_tokens": usage.get("input_tokens", 0),
                    "completion_tokens": usage.get("output_tokens", 0),
                },
            },
        )
