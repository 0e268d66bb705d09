from __future__ import annotations

import time

import pytest
from critic_story_factory import GOOD, make_story

from agents.critic import (
    Critic,
    JudgeRubric,
    RubricScore,
    combine,
    default_rules,
    format_feedback,
    hook_strength,
    rules_from_profile,
    score_story,
)
from agents.decisions import WritingConstraints

TIKTOK = default_rules("tiktok")


def test_concrete_opener_beats_vague_hedged_and_hype_openers() -> None:
    concrete = hook_strength("I tested the $39 air fryer against the $300 one.")
    assert concrete > hook_strength("Maybe this is kind of a random thought about stuff.")
    assert concrete > hook_strength("Fitness is super important!!!")
    assert hook_strength("She lost $4,000 to a scam that started with one text.") > hook_strength(
        "Are scams bad?"
    )
    assert hook_strength("") == 0.0


def test_hook_strength_is_deterministic_and_bounded() -> None:
    text = "Your password leaked three times last year."
    assert hook_strength(text) == hook_strength(text)
    assert 0.0 < hook_strength(text) < 1.0


def test_good_story_is_accepted_with_measured_features(good_parts) -> None:
    report = score_story(make_story(good_parts), TIKTOK, None, 21)
    assert report.verdict == "accept", report.notes
    for value in (
        report.hook_score,
        report.pacing_score,
        report.loop_score,
        report.structure_score,
        report.total_score,
    ):
        assert 0.0 <= value <= 1.0
    assert report.features["duration_sec"] == 21.0
    assert report.features["hook_end_sec"] == 3.0
    assert report.features["word_count"] == make_story(good_parts).word_count


def test_slow_hook_gets_a_concrete_fix(good_parts) -> None:
    good_parts[0] = (
        "hook",
        0.0,
        7.0,
        "Hey everyone, so today I want to talk a little bit about "
        "some security stuff that matters.",
    )
    good_parts[1] = ("escalate", 7.0, 12.0, good_parts[1][3])
    report = score_story(make_story(good_parts), TIKTOK, None, 21)
    good = score_story(make_story(list(GOOD)), TIKTOK, None, 21)
    assert report.hook_score < good.hook_score
    hook_notes = [n for n in report.notes if n.dimension == "hook"]
    assert any("window is 3 s" in n.message and "≤7 words" in n.fix for n in hook_notes)


def test_crammed_scene_is_a_major_pacing_note_and_retry(good_parts) -> None:
    good_parts[1] = ("escalate", 3.0, 4.5, good_parts[1][3])
    good_parts[2] = ("twist", 4.5, 15.5, good_parts[2][3])
    report = score_story(make_story(good_parts), TIKTOK, None, 21)
    assert report.verdict == "retry"
    assert report.notes[0].severity == "major"
    assert any("too dense" in n.message for n in report.notes if n.dimension == "pacing")


def test_flat_ending_scores_a_weaker_loop(good_parts) -> None:
    looped = score_story(make_story(good_parts), TIKTOK)
    good_parts[3] = ("loop", 15.5, 21.0, "Thanks for watching, see you next time.")
    flat = score_story(make_story(good_parts), TIKTOK)
    assert flat.loop_score < 0.3 < looped.loop_score
    assert any(n.dimension == "loop" for n in flat.notes)


def test_beats_out_of_order_are_reported(good_parts) -> None:
    order = [good_parts[1], good_parts[0], good_parts[3], good_parts[2]]
    parts, start = [], 0.0
    for purpose, s, e, text in order:
        parts.append((purpose, start, start + (e - s), text))
        start += e - s
    report = score_story(make_story(parts), TIKTOK, None, 21)
    assert report.features["beats_in_order"] < 1.0
    assert report.verdict == "retry"


def test_banned_phrase_and_missing_signature_cost_persona(good_parts, constraints) -> None:
    fitting = score_story(make_story(good_parts), TIKTOK, constraints)
    good_parts[2] = ("twist", 9.0, 15.5, "Honestly this is a game-changer for the industry now.")
    drifted = score_story(make_story(good_parts), TIKTOK, constraints)
    assert drifted.persona_score < fitting.persona_score
    assert any("game-changer" in n.message for n in drifted.notes)


def test_over_word_limit_is_a_hard_fail(good_parts) -> None:
    long_text = " ".join(["word"] * 60)
    parts = [(p, s, e, long_text) for p, s, e, _ in good_parts]
    report = score_story(make_story(parts), TIKTOK)
    assert report.features["hard_fail"] == 1.0
    assert report.verdict == "retry"
    assert any("limited to 150" in n.message for n in report.notes)


def test_notes_are_sorted_by_severity(good_parts) -> None:
    good_parts[3] = ("loop", 15.5, 21.0, "Bye.")
    good_parts[1] = ("escalate", 3.0, 4.0, good_parts[1][3])
    good_parts[2] = ("twist", 4.0, 15.5, good_parts[2][3])
    report = score_story(make_story(good_parts), TIKTOK)
    ranks = [{"major": 0, "minor": 1, "info": 2}[n.severity] for n in report.notes]
    assert ranks == sorted(ranks) and len(ranks) >= 2


def test_unknown_platform_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="tiktok"):
        default_rules("myspace")


def test_combine_blends_judged_dimensions_and_keeps_hard_fails(good_parts) -> None:
    det = score_story(make_story(good_parts), TIKTOK)
    rubric = JudgeRubric(
        hook=RubricScore(score=0.0, reason="vague"),
        pacing=RubricScore(score=1.0, reason="ok"),
        loop=RubricScore(score=1.0, reason="ok"),
        persona=RubricScore(score=1.0, reason="n/a"),
    )
    blended = combine(det, rubric, 0.4)
    assert blended.hook_score == pytest.approx(0.6 * det.hook_score)
    assert blended.structure_score == det.structure_score
    assert blended.judge == "deterministic+llm"
    hard = det.model_copy(update={"features": {**det.features, "hard_fail": 1.0}})
    perfect = JudgeRubric(
        **{d: RubricScore(score=1.0, reason="great") for d in ("hook", "pacing", "loop", "persona")}
    )
    assert combine(hard, perfect, 1.0).verdict == "retry"
    with pytest.raises(ValueError, match="weight"):
        combine(det, rubric, 1.5)


def test_critic_without_judge_matches_score_story_and_records_config(good_parts) -> None:
    critic = Critic()
    story = make_story(good_parts)
    assert critic.score_story(story, TIKTOK) == score_story(story, TIKTOK)
    assert critic.config()["kind"] == "offline"
    assert critic.version


def test_scores_thousands_of_items_per_second(good_parts) -> None:
    story = make_story(good_parts)
    constraints = WritingConstraints(
        persona_id="p",
        persona_name="P",
        sentence_length="short",
        max_words_per_sentence=12,
        energy="high",
        vocabulary_level="simple",
    )
    start = time.perf_counter()
    for _ in range(300):
        score_story(story, TIKTOK, constraints, 21)
    stories_per_second = 300 / (time.perf_counter() - start)
    hooks_start = time.perf_counter()
    for _ in range(3000):
        hook_strength("I tested the $39 air fryer against the $300 one.")
    hooks_per_second = 3000 / (time.perf_counter() - hooks_start)
    assert stories_per_second > 500
    assert hooks_per_second > 3000


def test_rules_from_profile_overrides_only_given_columns() -> None:
    rules = rules_from_profile("linkedin", hook_window_seconds=2.0, loop_weight=None)
    assert rules.hook_window_seconds == 2.0
    assert rules.loop_weight == default_rules("linkedin").loop_weight
    with pytest.raises(ValueError, match="hook_window_seconds"):
        rules_from_profile("tiktok", hook_window_seconds=-1)


def test_feedback_lists_fixes_worst_first(good_parts) -> None:
    good_parts[1] = ("escalate", 3.0, 4.0, good_parts[1][3])
    good_parts[2] = ("twist", 4.0, 15.5, good_parts[2][3])
    report = score_story(make_story(good_parts), TIKTOK)
    text = format_feedback(report)
    assert text.startswith("Critic verdict: retry")
    assert "1. [major pacing]" in text
    assert "→" in text


def test_persona_vocabulary_and_point_of_view(good_parts) -> None:
    first_person = WritingConstraints(
        persona_id="g",
        persona_name="Aurelia",
        sentence_length="medium",
        max_words_per_sentence=16,
        energy="low",
        vocabulary_level="simple",
        point_of_view="first_person",
    )
    report = score_story(make_story(good_parts), TIKTOK, first_person)
    assert report.features["point_of_view_fit"] == 0.0
    assert any("first person" in n.message for n in report.notes)
    jargon = [
        (
            p,
            s,
            e,
            "Organisational authentication infrastructure necessitates "
            "comprehensive cryptographic revalidation.",
        )
        for p, s, e, _ in good_parts
    ]
    dense = score_story(make_story(jargon), TIKTOK, first_person)
    assert dense.features["vocabulary_fit"] < 0.5
    assert dense.features["jargon_density"] > 0.3
