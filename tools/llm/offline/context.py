"""The ``<context>`` keys the offline writer reads, per requested schema.

Agents put one JSON object between ``<context>`` and ``</context>`` in their human message
(``agents.prompting.render_context``). A real model reads it as facts; the offline writer parses it
into the models below. Every key is optional and unknown keys are ignored, so prompts can carry
more than the writer uses. Results of tools the model called earlier arrive either as
``looked_up: [{"tool", "args", "ok", "result", "error"}]`` in the context, or as ``ToolMessage``s
in the conversation; both are folded into the same keys by tool name (see
:data:`TOOL_KEYWORDS`).

ContentPlan (planner) reads :class:`PlanContext`::

    request: {prompt, topic?, platform?, extra_platforms?, duration_sec?, persona_id?,
              content_pillar?}   (or a plain string)
    persona: a persona record (see PersonaRecord)           platform_profile: PlatformRules
    audience_keys: ["gen_z_tech", ...] or audience_profiles: [{key, ...}]
    trend_signals: [{topic, score, platform?}]     emotion_curves: ["curiosity_payoff", ...]
    strategy_adjustments: [str] or {hook_type?, pillar?, notes?}
    memory_hits: [{id, text, kind, score, hook_type?, platform?}]
    default_platforms / platforms: ["tiktok", ...]         default_duration_sec: 20

WritingConstraints (persona) reads :class:`ConstraintsContext`: ``persona`` (the record) and
``plan``.

Story (story writer) reads :class:`StoryContext`::

    plan: ContentPlan fields            constraints: WritingConstraints fields
    platform_rules: {platform, hook_window_seconds, ideal_words_per_second, ideal_length_sec,
                     caption_max_chars, hashtag_max}  (``agents.critic.rules.PlatformRules``)
    emotion_curve: {name, points: [{at: 0..1, emotion, intensity}]}  (points or timeline)
    memory_hits: winning hooks whose PATTERN to reuse       twin: {name, style, look}
    attempt: 1, 2, ...                  previous_attempt: a Story
    earlier_hooks: the opening lines of every earlier attempt (a retry never repeats one)
    critic_feedback: {scores: {hook, pacing, loop, total}, notes: [{dimension, severity,
                      message, fix}]}

Any other schema is filled generically from its JSON schema, with strings taken from the context
where a key has the same name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

CONTEXT_BLOCK = re.compile(r"<context>\s*(\{.*\})\s*</context>", re.DOTALL)

#: Which context key a tool's result fills, by words in the tool's name (first match wins).
TOOL_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("trend", "trend_signals"),
    ("platform", "platform_profile"),
    ("audience", "audience_profiles"),
    ("emotion", "emotion_curves"),
    ("curve", "emotion_curves"),
    ("strategy", "strategy_adjustments"),
    ("memory", "memory_hits"),
    ("winning", "memory_hits"),
    ("pattern", "memory_hits"),
    ("persona", "persona"),
    ("twin", "twin"),
    ("voice", "voice"),
)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class PersonaRecord(_Lenient):
    """A persona as stored: explicit writing traits when set, free text otherwise."""

    id: str = "persona"
    slug: str = ""
    name: str = "Creator"
    description: str = ""
    tone: str = ""
    energy: str | None = Field(
        default=None, validation_alias=AliasChoices("energy", "energy_level")
    )
    vocabulary_level: str | None = None
    sentence_length: str | None = None
    max_words_per_sentence: int | None = None
    point_of_view: str | None = None
    banned_phrases: list[str] = Field(default_factory=list)
    catchphrases: list[str] = Field(default_factory=list)
    signature_words: list[str] = Field(default_factory=list)
    style_notes: str = ""
    traits: dict[str, Any] | list[str] | str | None = None

    @field_validator("id", "name", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return str(value) if value is not None else value


class PlatformRules(_Lenient):
    """The platform numbers the writer times a script against."""

    platform: str = "tiktok"
    hook_window_sec: float = Field(
        default=3.0,
        validation_alias=AliasChoices("hook_window_sec", "hook_window_seconds", "hook_window_s"),
    )
    ideal_wps: float = Field(
        default=2.5,
        validation_alias=AliasChoices(
            "ideal_wps", "ideal_words_per_second", "ideal_words_per_sec", "words_per_second"
        ),
    )
    ideal_length_sec: float | None = None
    caption_max_chars: int = Field(
        default=2200, validation_alias=AliasChoices("caption_max_chars", "caption_limit")
    )
    hashtag_max: int = Field(
        default=8, validation_alias=AliasChoices("hashtag_max", "max_hashtags", "hashtag_limit")
    )


class TrendHit(_Lenient):
    topic: str
    score: float = 0.5
    platform: str | None = None


class MemoryHit(_Lenient):
    """A creative memory: usually a winning hook whose pattern is worth reusing."""

    id: str
    text: str
    kind: str = "hook"
    score: float = 0.5
    hook_type: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value)


class PlanView(_Lenient):
    """The ContentPlan fields the story writer needs (mirrors ``agents.decisions``)."""

    topic: str = "your topic"
    angle: str = ""
    platform: str = "tiktok"
    content_pillar: str = "education"
    tone: str = "educational"
    hook_type: str = "question"
    emotion_curve: str = ""
    target_duration_sec: int = 20
    trend_refs: list[str] = Field(default_factory=list)
    memory_refs: list[str] = Field(default_factory=list)


class ConstraintsView(_Lenient):
    """The WritingConstraints fields the story writer obeys (mirrors ``agents.decisions``)."""

    persona_id: str = "persona"
    persona_name: str = "Creator"
    sentence_length: str = "medium"
    max_words_per_sentence: int = 16
    energy: str = "medium"
    vocabulary_level: str = "conversational"
    point_of_view: str = "mixed"
    banned_phrases: list[str] = Field(default_factory=list)
    catchphrases: list[str] = Field(default_factory=list)
    signature_words: list[str] = Field(default_factory=list)
    style_notes: str = ""


class CriticNote(_Lenient):
    dimension: str = "clarity"
    severity: str = "minor"
    message: str = ""
    fix: str = ""


class CriticFeedback(_Lenient):
    scores: dict[str, float] = Field(default_factory=dict)
    notes: list[CriticNote] = Field(default_factory=list)


class EmotionPoint(_Lenient):
    at: float = 0.0
    emotion: str = "curiosity"
    intensity: float = 0.5


class EmotionCurve(_Lenient):
    name: str = ""
    points: list[EmotionPoint] = Field(default_factory=list)


class PlanContext(_Lenient):
    request: dict[str, Any] = Field(default_factory=dict)
    persona: PersonaRecord | None = None
    platform_profile: PlatformRules | None = None
    audience_keys: list[str] = Field(default_factory=list)
    trend_signals: list[TrendHit] = Field(default_factory=list)
    emotion_curves: list[str] = Field(default_factory=list)
    strategy_adjustments: list[str] = Field(default_factory=list)
    # The latest StrategyUpdate as stored (seed 000 §13.1 keys), when it came as an object.
    strategy: dict[str, Any] = Field(default_factory=dict)
    memory_hits: list[MemoryHit] = Field(default_factory=list)
    platforms: list[str] = Field(
        default_factory=list, validation_alias=AliasChoices("platforms", "default_platforms")
    )
    default_duration_sec: int | None = None
    creator: dict[str, Any] = Field(default_factory=dict)


class ConstraintsContext(_Lenient):
    persona: PersonaRecord = Field(default_factory=PersonaRecord)
    plan: PlanView | None = None


class StoryContext(_Lenient):
    plan: PlanView = Field(default_factory=PlanView)
    constraints: ConstraintsView = Field(default_factory=ConstraintsView)
    platform_rules: PlatformRules = Field(default_factory=PlatformRules)
    emotion_curve: EmotionCurve | None = None
    memory_hits: list[MemoryHit] = Field(default_factory=list)
    twin: dict[str, Any] = Field(default_factory=dict)
    attempt: int = 1
    critic_feedback: CriticFeedback | None = None
    previous_attempt: dict[str, Any] | None = None
    earlier_hooks: list[str] = Field(default_factory=list)


def raw_context(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """The last ``<context>`` object in the human turns, with tool results folded in."""
    context: dict[str, Any] = {}
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            match = CONTEXT_BLOCK.search(message.text)
            if match:
                try:
                    loaded = json.loads(match.group(1))
                except ValueError:
                    continue
                if isinstance(loaded, dict):
                    context = loaded
                    break
    for looked_up in context.get("looked_up") or []:
        if isinstance(looked_up, dict) and looked_up.get("ok", True):
            _fold_tool_result(context, str(looked_up.get("tool", "")), looked_up.get("result"))
    # Over the wire a tool message has no name, only the id of the call it answers.
    names = {
        call["id"]: call["name"]
        for message in messages
        if isinstance(message, AIMessage)
        for call in message.tool_calls
        if call.get("id")
    }
    for message in messages:
        if isinstance(message, ToolMessage) and message.status != "error":
            if message.text.startswith("Error:"):
                continue
            try:
                result: Any = json.loads(message.text)
            except ValueError:
                result = message.text
            name = message.name or names.get(message.tool_call_id, "")
            _fold_tool_result(context, name, result)
    return _normalise(context)


def context_key_for_tool(tool_name: str) -> str | None:
    """The context key a tool's result fills, or None for tools the writer does not read."""
    lowered = tool_name.lower()
    for word, key in TOOL_KEYWORDS:
        if word in lowered:
            return key
    return None


def _fold_tool_result(context: dict[str, Any], tool_name: str, result: Any) -> None:
    key = context_key_for_tool(tool_name)
    if key is None or result in (None, "", [], {}):
        return
    if isinstance(result, dict) and key in result and len(result) <= 2:
        result = result[key]
    existing = context.get(key)
    if isinstance(existing, list) and isinstance(result, list):
        context[key] = existing + [item for item in result if item not in existing]
    elif existing in (None, "", [], {}):
        context[key] = result


def _normalise(context: dict[str, Any]) -> dict[str, Any]:
    """Accept the shapes a prompt or a tool may use for the same fact."""
    request = context.get("request")
    if isinstance(request, str):
        context["request"] = {"prompt": request}
    adjustments = context.get("strategy_adjustments")
    if isinstance(adjustments, dict):
        context["strategy"] = adjustments
        context["strategy_adjustments"] = [f"{k}: {v}" for k, v in adjustments.items()]
    elif isinstance(adjustments, str):
        context["strategy_adjustments"] = [adjustments]
    profiles = context.get("audience_profiles")
    if isinstance(profiles, list) and not context.get("audience_keys"):
        context["audience_keys"] = [
            str(p.get("key")) for p in profiles if isinstance(p, dict) and p.get("key")
        ]
    curves = context.get("emotion_curves")
    if isinstance(curves, list):
        context["emotion_curves"] = [
            str(c.get("name")) if isinstance(c, dict) else str(c) for c in curves
        ]
    curve = context.get("emotion_curve")
    if (
        isinstance(curve, dict)
        and "points" not in curve
        and isinstance(curve.get("timeline"), list)
    ):
        curve["points"] = _points_from_timeline(curve["timeline"])
    if isinstance(curve, str):
        context["emotion_curve"] = {"name": curve}
    for key in ("trend_signals", "memory_hits", "audience_profiles"):
        value = context.get(key)
        if isinstance(value, dict):
            context[key] = _as_list(value)
    return context


def _as_list(value: dict[str, Any]) -> list[Any]:
    """``{"items": [...]}``, ``{kind: [hits]}`` (memory's winning patterns) or one object."""
    for wrapper in ("items", "hits", "results"):
        if isinstance(value.get(wrapper), list):
            return list(value[wrapper])
    if value and all(isinstance(v, list) for v in value.values()):
        return [
            {"kind": kind, **item} if isinstance(item, dict) and "kind" not in item else item
            for kind, items in value.items()
            for item in items
        ]
    return [value]


def _points_from_timeline(timeline: list[Any]) -> list[dict[str, Any]]:
    """Library timelines are ``[{sec, emotion, intensity}]``; the writer works in fractions."""
    points = [p for p in timeline if isinstance(p, dict)]
    if not points or "at" in points[0]:
        return points
    last = max((float(p.get("sec", 0)) for p in points), default=0.0) or 1.0
    return [{**p, "at": float(p.get("sec", 0)) / last} for p in points]
