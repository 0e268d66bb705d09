"""The critic's deterministic features: each measures one thing and says how to fix it.

Every function returns a :class:`DimensionResult`: a score in [0, 1], the raw numbers behind it
(so a report can show *why*), and notes phrased as edits a writer can make. They are pure and
cheap so that the graph can call them on every attempt and evals on thousands of rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from agents.critic.hook_strength import hook_contributions, hook_signals, hook_strength
from agents.critic.rules import PlatformRules
from agents.critic.text import content_words, count_words, first_sentence, sentences
from agents.decisions import MAX_SCRIPT_WORDS, SCENE_ORDER, ScoreNote, Story

# Pace within ±15 % of the ideal is on target; at ±65 % it scores zero.
PACE_TOLERANCE = 0.15
PACE_ZERO_AT = 0.65
# Scenes may touch with this much slack (rounding in timings) before it counts as a gap.
TIMING_SLACK_SEC = 0.25
_FLOWING_END = re.compile(
    r"(\.\.\.|…|—|-|,|:)\s*$|\b(because|and|so|which|that's why|until|when|if|but)\W*$",
    re.IGNORECASE,
)


@dataclass
class DimensionResult:
    """One dimension's score, the measurements behind it, and fixes for the writer."""

    score: float
    features: dict[str, float] = field(default_factory=dict)
    notes: list[ScoreNote] = field(default_factory=list)


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def hook_dimension(story: Story, rules: PlatformRules) -> DimensionResult:
    """Does the hook land inside the window, and is its first line a strong opening?"""
    hook = story.hook
    opener = first_sentence(hook.narration) or hook.narration
    strength = hook_strength(opener)
    opener_words = count_words(opener)
    opener_seconds = opener_words / rules.ideal_words_per_second
    window = rules.hook_window_seconds
    # The payload must be *said* inside the window: the first sentence at the ideal pace, and
    # the hook scene must not drag far past it (a hook scene up to 2x the window is allowed).
    spoken_fit = _clamp(1.0 - max(0.0, opener_seconds - window) / window)
    scene_fit = _clamp(1.0 - max(0.0, hook.end_sec - 2 * window) / (2 * window))
    starts_at_zero = 1.0 if hook.start_sec <= TIMING_SLACK_SEC else 0.0
    timing = min(spoken_fit, scene_fit) * (0.5 + 0.5 * starts_at_zero)
    score = _clamp(0.6 * strength + 0.4 * timing)
    notes: list[ScoreNote] = []
    if spoken_fit < 1.0:
        max_words = max(3, int(window * rules.ideal_words_per_second))
        notes.append(
            ScoreNote(
                dimension="hook",
                severity="major" if spoken_fit < 0.5 else "minor",
                message=(
                    f"the hook's first sentence takes {opener_seconds:.1f} s to say "
                    f"({opener_words} words); {rules.platform}'s hook window is {window:g} s"
                ),
                fix=f"cut the first sentence to ≤{max_words} words and put the payoff first",
            )
        )
    if scene_fit < 1.0:
        notes.append(
            ScoreNote(
                dimension="hook",
                severity="minor",
                message=f"the hook scene runs to {hook.end_sec:.1f} s, long past the {window:g} s "
                "window",
                fix=f"end the hook scene by {2 * window:g} s and move the rest into 'escalate'",
            )
        )
    if strength < 0.5:
        contributions = hook_contributions(hook_signals(opener))
        worst = sorted((value, name) for name, value in contributions.items() if value < 0)
        why = ", ".join(name.replace("_", " ") for _, name in worst[:2]) or "nothing concrete"
        notes.append(
            ScoreNote(
                dimension="hook",
                severity="major" if strength < 0.35 else "minor",
                message=f"weak opening line ({strength:.2f}): {opener!r} ({why})",
                fix=(
                    "open with a concrete number, a person or an event, or a stake; withhold "
                    "the payoff instead of asking a yes/no question; drop hype and hedges"
                ),
            )
        )
    return DimensionResult(
        score=score,
        features={
            "hook_strength": strength,
            "hook_opener_words": float(opener_words),
            "hook_opener_seconds": opener_seconds,
            "hook_end_sec": hook.end_sec,
            "hook_window_sec": window,
            "hook_timing_fit": timing,
        },
        notes=notes,
    )


def _pace_fit(words_per_second: float, ideal: float) -> float:
    deviation = abs(words_per_second - ideal) / ideal
    if deviation <= PACE_TOLERANCE:
        return 1.0
    return _clamp(1.0 - (deviation - PACE_TOLERANCE) / (PACE_ZERO_AT - PACE_TOLERANCE))


def pacing_dimension(story: Story, rules: PlatformRules) -> DimensionResult:
    """Words per second against the platform's ideal, overall and scene by scene."""
    ideal = rules.ideal_words_per_second
    total_words = story.word_count
    overall_wps = total_words / story.duration_sec
    overall_fit = _pace_fit(overall_wps, ideal)
    scene_fits: list[float] = []
    notes: list[ScoreNote] = []
    for scene in story.scenes:
        scene_words = count_words(scene.narration)
        wps = scene_words / scene.duration_sec
        fit = _pace_fit(wps, ideal)
        scene_fits.append(fit)
        if fit < 0.6:
            target = round(ideal * scene.duration_sec)
            direction = "too dense" if wps > ideal else "too sparse"
            notes.append(
                ScoreNote(
                    dimension="pacing",
                    severity="major" if fit < 0.25 else "minor",
                    message=(
                        f"{scene.purpose} scene is {direction}: {scene_words} words in "
                        f"{scene.duration_sec:.1f} s = {wps:.1f} words/s (ideal {ideal:g})"
                    ),
                    fix=f"rewrite it to about {target} words or change its length to "
                    f"{scene_words / ideal:.1f} s",
                )
            )
    scene_mean = sum(scene_fits) / len(scene_fits)
    if overall_fit < 0.6:
        notes.append(
            ScoreNote(
                dimension="pacing",
                severity="major" if overall_fit < 0.25 else "minor",
                message=f"overall pace {overall_wps:.1f} words/s vs {rules.platform}'s ideal "
                f"{ideal:g}",
                fix=f"aim for about {round(ideal * story.duration_sec)} words in "
                f"{story.duration_sec:g} s",
            )
        )
    return DimensionResult(
        # The worst scene weighs most: one unspeakable scene ruins the reel however good the
        # average is.
        score=_clamp(0.3 * overall_fit + 0.3 * scene_mean + 0.4 * min(scene_fits)),
        features={
            "words_per_second": overall_wps,
            "ideal_words_per_second": ideal,
            "pace_fit_overall": overall_fit,
            "pace_fit_scenes_mean": scene_mean,
            "pace_fit_scenes_min": min(scene_fits),
        },
        notes=notes,
    )


def _in_order_fraction(purposes: Sequence[str]) -> float:
    """Longest run of the canonical beats appearing in order (LCS with SCENE_ORDER) / 4."""
    order = list(SCENE_ORDER)
    table = [[0] * (len(order) + 1) for _ in range(len(purposes) + 1)]
    for i, purpose in enumerate(purposes, 1):
        for j, beat in enumerate(order, 1):
            table[i][j] = (
                table[i - 1][j - 1] + 1
                if purpose == beat
                else max(table[i - 1][j], table[i][j - 1])
            )
    return table[-1][-1] / len(order)


def structure_dimension(
    story: Story, rules: PlatformRules, target_duration_sec: int | None
) -> DimensionResult:
    """Beats in order, contiguous timings, duration on target, within hard limits."""
    notes: list[ScoreNote] = []
    purposes = [scene.purpose for scene in story.scenes]
    order = _in_order_fraction(purposes)
    if order < 1.0:
        notes.append(
            ScoreNote(
                dimension="structure",
                severity="major" if order <= 0.5 else "minor",
                message=f"beats are {' → '.join(purposes)}; expected hook → escalate → twist → "
                "loop",
                fix="reorder or add scenes so every beat appears once, in that order",
            )
        )
    problems = 0
    previous_end = 0.0
    for scene in story.scenes:
        if abs(scene.start_sec - previous_end) > TIMING_SLACK_SEC:
            problems += 1
            notes.append(
                ScoreNote(
                    dimension="structure",
                    severity="minor",
                    message=f"{scene.purpose} scene starts at {scene.start_sec:g} s but the "
                    f"previous one ends at {previous_end:g} s",
                    fix="make scene timings contiguous (each starts where the last ended)",
                )
            )
        previous_end = scene.end_sec
    contiguity = _clamp(1.0 - problems / len(story.scenes))
    duration = story.duration_sec
    target = float(target_duration_sec) if target_duration_sec else rules.ideal_length_sec
    off_target = abs(duration - target) / target
    duration_fit = _clamp(1.0 - max(0.0, off_target - 0.1) / 0.4)
    if duration_fit < 1.0:
        notes.append(
            ScoreNote(
                dimension="length",
                severity="major" if duration_fit < 0.5 else "minor",
                message=f"the story runs {duration:g} s; the target is {target:g} s",
                fix=f"{'trim' if duration > target else 'extend'} the scenes to end at "
                f"{target:g} s",
            )
        )
    word_count = story.word_count
    hard_fail = 0.0
    if duration > rules.max_duration_sec:
        hard_fail = 1.0
        notes.append(
            ScoreNote(
                dimension="length",
                severity="major",
                message=f"{duration:g} s is over {rules.platform}'s {rules.max_duration_sec:g} s "
                "limit",
                fix=f"cut to ≤{rules.max_duration_sec:g} s",
            )
        )
    if word_count > MAX_SCRIPT_WORDS:
        hard_fail = 1.0
        notes.append(
            ScoreNote(
                dimension="length",
                severity="major",
                message=f"{word_count} words; scripts are limited to {MAX_SCRIPT_WORDS}",
                fix=f"cut {word_count - MAX_SCRIPT_WORDS} words",
            )
        )
    score = _clamp(0.4 * order + 0.2 * contiguity + 0.4 * duration_fit)
    return DimensionResult(
        score=score,
        features={
            "beats_in_order": order,
            "timing_contiguity": contiguity,
            "duration_sec": duration,
            "target_duration_sec": target,
            "duration_fit": duration_fit,
            "word_count": float(word_count),
            "hard_fail": hard_fail,
        },
        notes=notes,
    )


def loop_dimension(story: Story) -> DimensionResult:
    """Does the ending call back to the opening, so a replay feels seamless?"""
    opening = story.scenes[0].narration
    ending = story.scenes[-1].narration
    opening_words = content_words(opening)
    shared = opening_words & content_words(ending)
    callback = _clamp(len(shared) / max(1, min(3, len(opening_words))))
    last_line = (sentences(ending) or [ending])[-1]
    flows_into_opening = 1.0 if _FLOWING_END.search(last_line) else 0.0
    answers_question = 1.0 if "?" in first_sentence(opening) and shared else 0.0
    score = _clamp(0.7 * callback + 0.4 * flows_into_opening + 0.2 * answers_question)
    notes: list[ScoreNote] = []
    if score < 0.5:
        notes.append(
            ScoreNote(
                dimension="loop",
                severity="major" if score < 0.2 else "minor",
                message="the ending does not call back to the opening"
                + (f" (shares only {sorted(shared)})" if shared else ""),
                fix=(
                    "end on a line that echoes the hook's key words or runs straight into the "
                    f"first line (e.g. finish with '…' leading back to {first_sentence(opening)!r})"
                ),
            )
        )
    return DimensionResult(
        score=score,
        features={
            "loop_callback_overlap": callback,
            "loop_shared_words": float(len(shared)),
            "loop_flows_into_opening": flows_into_opening,
            "loop_answers_question": answers_question,
        },
        notes=notes,
    )
