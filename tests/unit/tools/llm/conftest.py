"""Personas, topics and a helper that runs the offline writer the way the agents do."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from agents.critic.rules import default_rules
from agents.decisions import ContentPlan, Story, WritingConstraints
from agents.structured_call import ask_structured
from tools.llm.offline import OfflineWriterModel

PERSONAS: dict[str, dict[str, Any]] = {
    "space": {
        "id": "p-space",
        "name": "Nova",
        "description": "playful, energetic explorer",
        "catchphrases": ["See you in orbit."],
        "signature_words": ["stellar"],
        "banned_phrases": ["game changer", "turns out"],
        "point_of_view": "second_person",
    },
    "goddess": {
        "id": "p-goddess",
        "name": "Aria",
        "description": "calm, wise storyteller, lyrical",
        "catchphrases": ["Breathe that in."],
        "signature_words": ["ritual"],
        "banned_phrases": ["hack", "the payoff"],
        "point_of_view": "first_person",
    },
    "hyperreal": {
        "id": "p-hyper",
        "name": "Max",
        "description": "down-to-earth guide, talks like a friend",
        "catchphrases": ["Real talk."],
        "banned_phrases": ["literally", "in reality"],
        "sentence_length": "medium",
    },
    "corporate": {
        "id": "p-corp",
        "name": "Dana",
        "description": "precise, data-driven analyst",
        "catchphrases": ["Bottom line:"],
        "signature_words": ["leverage"],
        "banned_phrases": ["synergy", "truth is"],
        "vocabulary_level": "expert",
    },
}
TOPICS = (
    "passkeys",
    "sourdough",
    "index funds",
    "creatine",
    "black holes",
    "cheap flights",
    "sleep",
    "AI agents",
    "urban beekeeping",
    "Rust ownership",
)


def context_messages(context: dict[str, Any]) -> list[BaseMessage]:
    return [
        SystemMessage("You are a Twinreel agent."),
        HumanMessage(f"Do the task.\n\n<context>\n{json.dumps(context)}\n</context>"),
    ]


Written = tuple[ContentPlan, WritingConstraints, Story]


@pytest.fixture
def writer() -> OfflineWriterModel:
    return OfflineWriterModel()


@pytest.fixture
def write(writer: OfflineWriterModel) -> Callable[..., Written]:
    """Plan → constraints → story through ``ask_structured``, like the production graph."""

    def run(
        topic: str,
        persona: str = "hyperreal",
        *,
        platform: str = "tiktok",
        duration: int | None = 20,
        memory_hits: list[dict[str, Any]] | None = None,
        attempt: int = 1,
        critic_feedback: dict[str, Any] | None = None,
        previous: Story | None = None,
        plan: ContentPlan | None = None,
        earlier_hooks: list[str] | None = None,
    ) -> Written:
        record = PERSONAS[persona]
        request: dict[str, Any] = {"prompt": f"a reel about {topic}", "platform": platform}
        if duration:
            request["duration_sec"] = duration
        if plan is None:
            plan = ask_structured(
                writer,
                ContentPlan,
                context_messages(
                    {
                        "request": request,
                        "persona": record,
                        "memory_hits": memory_hits or [],
                        "emotion_curves": ["curiosity_to_payoff", "tension_to_relief"],
                        "audience_keys": ["tiktok_gen_z", "professionals"],
                    }
                ),
            )
        constraints = ask_structured(
            writer,
            WritingConstraints,
            context_messages({"persona": record, "plan": plan.model_dump()}),
        )
        context: dict[str, Any] = {
            "plan": plan.model_dump(),
            "constraints": constraints.model_dump(),
            "platform_rules": default_rules(plan.platform).model_dump(),
            "memory_hits": memory_hits or [],
            "attempt": attempt,
        }
        if critic_feedback is not None:
            context["critic_feedback"] = critic_feedback
        if previous is not None:
            context["previous_attempt"] = previous.model_dump()
        if earlier_hooks is not None:
            context["earlier_hooks"] = earlier_hooks
        story = ask_structured(writer, Story, context_messages(context))
        return plan, constraints, story

    return run
