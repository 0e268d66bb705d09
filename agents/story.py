"""The story agent: writes a micro-scene story in the persona's voice.

Scenes follow hook → escalate → twist → loop, timed to the plan's duration; the whole script
stays within 150 words and 30 seconds. On a retry the agent sees the critic's notes and its
previous attempt, so the next draft fixes what was named.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel

from agents.decisions import (
    MAX_REEL_SECONDS,
    MAX_SCRIPT_WORDS,
    ContentPlan,
    CriticReport,
    Story,
    WritingConstraints,
)
from agents.prompting import agent_messages
from agents.structured_call import ask_structured

STORY_PROMPT = f"""You are the story writer of Twinreel. Write one short vertical video as timed
micro-scenes in this order: hook (inside the platform's hook window: the first seconds must stop
the scroll), escalate (raise the stakes with one concrete detail), twist (the surprise or the
insight), loop (an ending that flows back into the opening line so the video replays). Each scene
has narration (what the voice says), on-screen text (at most six words) and a visual prompt.
Scene times start at 0, are contiguous, and end at the target duration; the narration speed
matches the platform's ideal words per second. The whole script is at most {MAX_SCRIPT_WORDS}
words and {MAX_REEL_SECONDS} seconds. Write in the persona's voice and obey its constraints:
never use a banned phrase. Be specific to the topic: real details, no filler. Add a caption and
3-8 relevant hashtags. If critic feedback is given, fix exactly what it names, and never
reuse an opening line listed in earlier_hooks."""

STORY_TASK = "Write the story for this plan."


def write_story(
    model: BaseChatModel,
    *,
    plan: ContentPlan,
    constraints: WritingConstraints,
    platform_rules: dict[str, Any],
    emotion_curve: dict[str, Any] | None,
    memory_hits: list[dict[str, Any]],
    twin: dict[str, Any] | None = None,
    previous: Story | None = None,
    feedback: CriticReport | None = None,
    earlier_hooks: list[str] | None = None,
    attempt: int = 1,
    callbacks: list[BaseCallbackHandler] | None = None,
) -> Story:
    """One draft; the attempt number and feedback make each retry a different, better draft."""
    context: dict[str, Any] = {
        "plan": plan.model_dump(),
        "constraints": constraints.model_dump(),
        "platform_rules": platform_rules,
        "emotion_curve": emotion_curve,
        "memory_hits": memory_hits,
        "twin": twin,
        "attempt": attempt,
    }
    if previous is not None and feedback is not None:
        context["previous_attempt"] = previous.model_dump()
        context["earlier_hooks"] = earlier_hooks or [previous.hook.narration]
        context["critic_feedback"] = {
            "scores": {
                "hook": feedback.hook_score,
                "pacing": feedback.pacing_score,
                "loop": feedback.loop_score,
                "total": feedback.total_score,
            },
            "notes": [note.model_dump() for note in feedback.notes],
        }
    return ask_structured(
        model, Story, agent_messages(STORY_PROMPT, STORY_TASK, context), callbacks=callbacks
    )
