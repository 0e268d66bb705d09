"""An LLM judge that adds rubric scores to the deterministic critic.

The judge sees the script with its timings, the platform's numbers and the persona, and returns
a :class:`JudgeRubric` (hook, pacing, loop, persona, each a score in [0, 1] with a reason)
through ``with_structured_output``, so any LangChain chat model works, including an
OpenAI-compatible server.

How the two combine (:func:`combine`): for hook, pacing, loop and persona the combined score is
the weighted mean ``(1 - w) × deterministic + w × judge`` with ``w = judge_weight`` (default
0.4). Structure and clarity stay deterministic: they are facts about timings and words, not
taste. The total is recomputed with the deterministic dimension weights, and the hard
constraints still bind: a story over the duration or word limit keeps its hard-fail penalty and
is ``retry`` whatever the judge says. The judge's reasons are added as notes, so the writer sees
both critics' feedback. Judge scores outside [0, 1] are clamped.
"""

from __future__ import annotations

import json

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field

from agents.critic.rules import PlatformRules
from agents.critic.scoring import HARD_FAIL_FACTOR, sort_notes
from agents.decisions import CriticReport, ScoreNote, Story, WritingConstraints

JUDGED_DIMENSIONS = ("hook", "pacing", "loop", "persona")

JUDGE_SYSTEM_PROMPT = """\
You are a strict short-form video editor judging a script before it is recorded.
Score each dimension from 0.0 (broken) to 1.0 (excellent) and give a one-sentence reason a
writer can act on:
- hook: do the first words, spoken inside the platform's hook window, give a concrete reason
  to keep watching (a number, a person, an event, a stake, a gap the viewer wants closed)?
  Vague, generic, hedged or hype-only openers score low.
- pacing: is the narration speakable at the platform's ideal words per second in every scene,
  neither crammed nor padded?
- loop: does the last line call back to or flow into the first, so a replay feels seamless?
- persona: does it sound like the persona described (sentence length, vocabulary, catchphrases,
  point of view) and avoid the banned phrases?
Judge only what is written. Return only the structured result."""

JUDGE_HOOK_PROMPT = """\
You are a strict short-form video editor. Score how strongly this opening line makes a viewer
stay for the next second, from 0.0 to 1.0, with a one-sentence reason. Concrete numbers,
people, events, stakes and curiosity gaps score high; vague, generic, hedged or hype-only
openers score low. Score the hook dimension; give the other dimensions 0.5 with reason "n/a"."""


class RubricScore(BaseModel):
    """One judged dimension."""

    model_config = ConfigDict(extra="forbid")

    score: float = Field(description="From 0.0 (broken) to 1.0 (excellent).")
    reason: str = Field(description="One sentence a writer can act on.")


class JudgeRubric(BaseModel):
    """The judge's rubric for one script."""

    model_config = ConfigDict(extra="forbid")

    hook: RubricScore
    pacing: RubricScore
    loop: RubricScore
    persona: RubricScore


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def render_story_for_judge(
    story: Story,
    rules: PlatformRules,
    constraints: WritingConstraints | None,
    target_duration_sec: int | None,
) -> str:
    """The user message: the script with timings, the platform's numbers and the persona."""
    scenes = [
        f"[{scene.purpose} {scene.start_sec:g}-{scene.end_sec:g}s] {scene.narration}"
        for scene in story.scenes
    ]
    platform = (
        f"platform {rules.platform}: hook window {rules.hook_window_seconds:g} s, ideal pace "
        f"{rules.ideal_words_per_second:g} words/s, target length "
        f"{target_duration_sec or rules.ideal_length_sec:g} s"
    )
    persona = (
        json.dumps(constraints.model_dump(), ensure_ascii=False)
        if constraints is not None
        else "no persona given (score persona 1.0)"
    )
    return f"{platform}\npersona: {persona}\nscript:\n" + "\n".join(scenes)


def judge_story(
    model: BaseChatModel,
    story: Story,
    rules: PlatformRules,
    constraints: WritingConstraints | None = None,
    target_duration_sec: int | None = None,
) -> JudgeRubric:
    """Ask the chat model for its rubric on a story."""
    structured = model.with_structured_output(JudgeRubric)
    result = structured.invoke(
        [
            SystemMessage(content=JUDGE_SYSTEM_PROMPT),
            HumanMessage(
                content=render_story_for_judge(story, rules, constraints, target_duration_sec)
            ),
        ]
    )
    return _as_rubric(result)


def judge_hook(model: BaseChatModel, text: str) -> JudgeRubric:
    """Ask the chat model to score an opening line on its own (only ``hook`` is used)."""
    structured = model.with_structured_output(JudgeRubric)
    result = structured.invoke(
        [SystemMessage(content=JUDGE_HOOK_PROMPT), HumanMessage(content=f"opening line: {text}")]
    )
    return _as_rubric(result)


def _as_rubric(result: object) -> JudgeRubric:
    if isinstance(result, JudgeRubric):
        return result
    if isinstance(result, dict):
        return JudgeRubric.model_validate(result)
    raise TypeError(f"judge returned {type(result).__name__}, expected JudgeRubric")


def combine(deterministic: CriticReport, judge: JudgeRubric, weight: float) -> CriticReport:
    """Blend the judge into the deterministic report (see the module docstring)."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"judge weight must be in [0, 1], got {weight}")
    det_scores = {
        "hook": deterministic.hook_score,
        "pacing": deterministic.pacing_score,
        "loop": deterministic.loop_score,
        "persona": deterministic.persona_score,
    }
    blended = {
        name: (1.0 - weight) * det_scores[name] + weight * _clamp(getattr(judge, name).score)
        for name in JUDGED_DIMENSIONS
    }
    features = dict(deterministic.features)
    scores = {
        **blended,
        "structure": deterministic.structure_score,
        "clarity": features.get("clarity_score", 1.0),
    }
    total = sum(features.get(f"{name}_weight", 0.0) * score for name, score in scores.items())
    hard_fail = features.get("hard_fail", 0.0) > 0
    if hard_fail:
        total *= HARD_FAIL_FACTOR
    threshold = features.get("accept_threshold", 0.6)
    for name in JUDGED_DIMENSIONS:
        features[f"judge_{name}_score"] = _clamp(getattr(judge, name).score)
    features["judge_weight"] = weight
    notes = list(deterministic.notes)
    for name in JUDGED_DIMENSIONS:
        rubric: RubricScore = getattr(judge, name)
        if rubric.reason and rubric.reason.strip().lower() != "n/a":
            notes.append(
                ScoreNote(
                    dimension=name,
                    severity="minor" if _clamp(rubric.score) < 0.5 else "info",
                    message=f"judge: {name} {_clamp(rubric.score):.2f}",
                    fix=rubric.reason,
                )
            )
    total = _clamp(total)
    return CriticReport(
        hook_score=blended["hook"],
        pacing_score=blended["pacing"],
        loop_score=blended["loop"],
        structure_score=deterministic.structure_score,
        persona_score=blended["persona"],
        total_score=total,
        verdict="accept" if total >= threshold and not hard_fail else "retry",
        notes=sort_notes(notes),
        features=features,
        judge=f"{deterministic.judge}+llm",
    )
