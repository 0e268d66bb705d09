"""Reading the <context> block and tool results the way the agents and tools shape them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agents.critic.persona_fit import persona_dimension
from agents.critic.rules import default_rules
from agents.decisions import Story, WritingConstraints
from agents.structured_call import ask_structured
from tests.unit.tools.llm.conftest import context_messages
from tools.llm.offline import OfflineWriterModel
from tools.llm.offline.context import raw_context

PRESETS = Path(__file__).resolve().parents[4] / "storage" / "reference" / "twin_presets.json"


def test_tool_results_over_the_wire_are_matched_to_their_call_by_id() -> None:
    messages = [
        HumanMessage('Plan.\n<context>\n{"request": {"prompt": "passkeys"}}\n</context>'),
        AIMessage(
            content="",
            tool_calls=[
                {"name": "get_trend_signals", "args": {"topic": "passkeys"}, "id": "t1"},
                {"name": "winning_patterns", "args": {"topic": "passkeys"}, "id": "t2"},
            ],
        ),
        ToolMessage(
            content=json.dumps([{"topic": "passkeys at banks", "score": 0.7}]), tool_call_id="t1"
        ),
        ToolMessage(
            content=json.dumps({"hook": [{"id": "m1", "text": "Stop it.", "score": 0.9}]}),
            tool_call_id="t2",
        ),
    ]
    context = raw_context(messages)
    assert context["trend_signals"] == [{"topic": "passkeys at banks", "score": 0.7}]
    assert context["memory_hits"] == [
        {"kind": "hook", "id": "m1", "text": "Stop it.", "score": 0.9}
    ]


def test_library_timelines_in_seconds_become_fractions() -> None:
    curve = {
        "name": "tension_release",
        "timeline": [
            {"sec": 0, "emotion": "alarm"},
            {"sec": 12, "emotion": "tension"},
            {"sec": 24, "emotion": "relief"},
        ],
    }
    context = raw_context(context_messages({"emotion_curve": curve}))
    assert [p["at"] for p in context["emotion_curve"]["points"]] == [0.0, 0.5, 1.0]


def _reference_personas() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The four twin presets as ``tools.agent_tools.persona_dict`` shows them to a model."""
    presets = json.loads(PRESETS.read_text("utf-8"))
    shaped = []
    for index, preset in enumerate(presets):
        persona = preset["persona"]
        record = {
            "id": f"00000000-0000-0000-0000-00000000000{index}",
            "slug": persona["slug"],
            "name": persona["name"],
            "sentence_length": persona["sentence_length"],
            "energy_level": persona["energy_level"],
            "vocabulary_level": persona["vocabulary_level"],
            "voice_profile": persona["voice_profile"],
            **persona["traits_json"],
        }
        shaped.append((record, preset["twin"]))
    return shaped


@pytest.mark.parametrize("index", range(4))
def test_reference_twins_write_in_their_own_voice(index: int) -> None:
    record, twin = _reference_personas()[index]
    model = OfflineWriterModel()
    constraints = ask_structured(model, WritingConstraints, context_messages({"persona": record}))
    assert constraints.energy == record["energy_level"]
    assert constraints.point_of_view == record["point_of_view"]
    assert constraints.banned_phrases == record["banned_phrases"]
    plan = {
        "topic": "passkeys",
        "platform": "tiktok",
        "hook_type": "bold_claim",
        "target_duration_sec": 20,
        "emotion_curve": "curiosity_spike",
    }
    story = ask_structured(
        model,
        Story,
        context_messages(
            {
                "plan": plan,
                "constraints": constraints.model_dump(),
                "twin": twin,
                "platform_rules": default_rules("tiktok").model_dump(),
            }
        ),
    )
    fit = persona_dimension(story, constraints)
    assert fit.score >= 0.9, [note.message for note in fit.notes]
    assert twin["likeness_config"]["attire"] in story.scenes[0].visual_prompt
    assert twin["style_json"]["backgrounds"][0] in story.scenes[0].visual_prompt


def test_a_weak_hook_note_gets_a_stronger_statement_not_another_question() -> None:
    model = OfflineWriterModel()
    record, _ = _reference_personas()[1]
    constraints = ask_structured(model, WritingConstraints, context_messages({"persona": record}))
    plan = {
        "topic": "sourdough",
        "platform": "tiktok",
        "hook_type": "question",
        "target_duration_sec": 20,
    }
    base = {
        "plan": plan,
        "constraints": constraints.model_dump(),
        "platform_rules": default_rules("tiktok").model_dump(),
    }
    first = ask_structured(model, Story, context_messages(base))
    assert "?" in first.hook.narration
    note = {
        "dimension": "hook",
        "severity": "major",
        "message": f"weak opening line (0.26): {first.hook.narration!r} (open question)",
        "fix": "open with a concrete number, a person or an event, or a stake",
    }
    retry = ask_structured(
        model,
        Story,
        context_messages(
            {
                **base,
                "attempt": 2,
                "previous_attempt": first.model_dump(),
                "critic_feedback": {"scores": {"hook": 0.4}, "notes": [note]},
            }
        ),
    )
    assert "?" not in retry.hook.narration
    assert retry.hook.end_sec <= 2 * 3.0  # the hook scene may run to twice the window
