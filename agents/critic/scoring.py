"""The deterministic critic: a story's dimension scores, total, verdict and feedback.

Total = weighted mean of the dimensions. Weights: hook 0.30, pacing 0.20, structure 0.20,
persona 0.15 (only when writing constraints are given), clarity 0.05, and loop
``0.05 + 0.4 × loop_weight`` so that the platform's appetite for replays decides how much the
loop counts. A hard failure (over the platform's maximum duration or over 150 words)
multiplies the total by ``HARD_FAIL_FACTOR`` and always yields ``retry``; otherwise the verdict
is ``accept`` when the total reaches the platform's threshold and no note is ``major`` (a
major note is a defect a viewer would notice, such as an unspeakable scene or a broken beat
order, which a high average must not hide).
"""

from __future__ import annotations

from agents.critic.features import (
    DimensionResult,
    hook_dimension,
    loop_dimension,
    pacing_dimension,
    structure_dimension,
)
from agents.critic.hook_strength import hook_strength
from agents.critic.persona_fit import clarity_dimension, persona_dimension
from agents.critic.rules import PlatformRules
from agents.decisions import CriticReport, ScoreNote, Story, WritingConstraints

HARD_FAIL_FACTOR = 0.6
_SEVERITY_RANK = {"major": 0, "minor": 1, "info": 2}


def dimension_weights(rules: PlatformRules, has_persona: bool) -> dict[str, float]:
    """The weight of each dimension in the total, normalised to sum to 1."""
    raw = {
        "hook": 0.30,
        "pacing": 0.20,
        "loop": 0.05 + 0.4 * rules.loop_weight,
        "structure": 0.20,
        "persona": 0.15 if has_persona else 0.0,
        "clarity": 0.05,
    }
    total = sum(raw.values())
    return {name: weight / total for name, weight in raw.items()}


def sort_notes(notes: list[ScoreNote]) -> list[ScoreNote]:
    """Most severe first, so a writer on a retry fixes what matters most."""
    return sorted(notes, key=lambda note: _SEVERITY_RANK[note.severity])


def format_feedback(report: CriticReport, limit: int = 6) -> str:
    """The report's fixes as a numbered list for the writer's retry prompt, worst first."""
    lines = [
        f"{index}. [{note.severity} {note.dimension}] {note.message} → {note.fix}"
        for index, note in enumerate(sort_notes(report.notes)[:limit], 1)
    ]
    header = (
        f"Critic verdict: {report.verdict} (total {report.total_score:.2f}; hook "
        f"{report.hook_score:.2f}, pacing {report.pacing_score:.2f}, loop {report.loop_score:.2f}, "
        f"structure {report.structure_score:.2f}, persona {report.persona_score:.2f})"
    )
    return "\n".join([header, *lines]) if lines else header


def score_story(
    story: Story,
    rules: PlatformRules,
    constraints: WritingConstraints | None = None,
    target_duration_sec: int | None = None,
) -> CriticReport:
    """Score a story with the deterministic features only."""
    dimensions: dict[str, DimensionResult] = {
        "hook": hook_dimension(story, rules),
        "pacing": pacing_dimension(story, rules),
        "loop": loop_dimension(story),
        "structure": structure_dimension(story, rules, target_duration_sec),
        "persona": persona_dimension(story, constraints),
        "clarity": clarity_dimension(story),
    }
    weights = dimension_weights(rules, has_persona=constraints is not None)
    total = sum(weights[name] * result.score for name, result in dimensions.items())
    hard_fail = dimensions["structure"].features["hard_fail"] > 0
    if hard_fail:
        total *= HARD_FAIL_FACTOR
    features: dict[str, float] = {}
    notes: list[ScoreNote] = []
    for name, result in dimensions.items():
        features.update(result.features)
        features[f"{name}_score"] = result.score
        features[f"{name}_weight"] = weights[name]
        notes.extend(result.notes)
    features["accept_threshold"] = rules.accept_threshold
    has_major = any(note.severity == "major" for note in notes)
    verdict = (
        "accept" if total >= rules.accept_threshold and not hard_fail and not has_major else "retry"
    )
    if verdict == "retry" and not notes:
        notes.append(
            ScoreNote(
                dimension="hook",
                severity="info",
                message=f"total {total:.2f} is under {rules.platform}'s threshold "
                f"{rules.accept_threshold:.2f}",
                fix="strengthen the weakest dimension: "
                + min(dimensions, key=lambda name: dimensions[name].score),
            )
        )
    return CriticReport(
        hook_score=dimensions["hook"].score,
        pacing_score=dimensions["pacing"].score,
        loop_score=dimensions["loop"].score,
        structure_score=dimensions["structure"].score,
        persona_score=dimensions["persona"].score,
        total_score=max(0.0, min(1.0, total)),
        verdict=verdict,
        notes=sort_notes(notes),
        features=features,
        judge="deterministic",
    )


def score_hook(text: str) -> float:
    """The hook score of an opening line on its own (what hook evals use)."""
    return hook_strength(text)
