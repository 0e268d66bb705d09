"""The persona agent: turns a persona, twin and voice into rules a writer can follow.

The persona record holds the creator's intent (sentence length, energy, vocabulary, banned
phrases, catchphrases); the agent turns it into :class:`~agents.decisions.WritingConstraints`
that the story agent writes to and the critic checks against.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool

from agents.decisions import ContentPlan, WritingConstraints
from agents.prompting import agent_messages
from agents.structured_call import ask_structured, run_tool_loop

PERSONA_PROMPT = """You are the persona keeper of Twinreel. Turn the creator's persona (and the
AI twin that will perform it) into concrete writing constraints for a short video script:
sentence length and the maximum words per sentence, energy, vocabulary level, point of view,
phrases that must never appear, catchphrases and signature words to weave in, and one sentence
on how this persona sounds. Stay faithful to the persona record; do not invent a new voice."""

PERSONA_TASK = "Write the writing constraints for this persona and plan."


def persona_constraints(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    persona: dict[str, Any],
    plan: ContentPlan,
    *,
    callbacks: list[BaseCallbackHandler] | None = None,
) -> WritingConstraints:
    """Ask for the constraints; banned phrases of the record always survive the model."""
    context: dict[str, Any] = {"persona": persona, "plan": plan.model_dump()}
    if tools:
        _, calls = run_tool_loop(
            model,
            list(tools),
            agent_messages(PERSONA_PROMPT, PERSONA_TASK, context),
            callbacks=callbacks,
        )
        context["looked_up"] = [call.as_context() for call in calls]
    constraints = ask_structured(
        model,
        WritingConstraints,
        agent_messages(PERSONA_PROMPT, PERSONA_TASK, context),
        callbacks=callbacks,
    )
    banned = list(dict.fromkeys([*constraints.banned_phrases, *persona.get("banned_phrases", [])]))
    return constraints.model_copy(
        update={
            "persona_id": str(persona["id"]),
            "persona_name": str(persona["name"]),
            "banned_phrases": banned,
        }
    )
