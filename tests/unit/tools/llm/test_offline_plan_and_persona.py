"""The offline planner and persona keeper: what they take from the context."""

from __future__ import annotations

from agents.decisions import ContentPlan, WritingConstraints
from agents.structured_call import ask_structured
from tests.unit.tools.llm.conftest import context_messages
from tools.llm.offline import OfflineWriterModel
from tools.llm.offline.topics import analyse_topic, extract_topic_phrase


def _plan(context: dict[str, object]) -> ContentPlan:
    return ask_structured(OfflineWriterModel(), ContentPlan, context_messages(context))


def test_explicit_request_fields_are_honoured() -> None:
    plan = _plan(
        {
            "request": {
                "prompt": "something about money",
                "topic": "index funds",
                "platform": "linkedin",
                "extra_platforms": ["threads", "linkedin"],
                "duration_sec": 27,
                "content_pillar": "promotion",
            },
            "emotion_curves": ["tension_to_relief", "curiosity_to_payoff"],
            "audience_keys": ["students", "linkedin_professionals"],
        }
    )
    assert (plan.topic, plan.platform, plan.target_duration_sec) == ("index funds", "linkedin", 27)
    assert plan.extra_platforms == ["threads"]
    assert plan.content_pillar == "promotion"
    assert plan.audience_key == "linkedin_professionals"
    assert plan.emotion_curve in {"tension_to_relief", "curiosity_to_payoff"}


def test_a_vague_request_takes_the_top_trend_and_references_it() -> None:
    plan = _plan(
        {
            "request": {"prompt": "make my next reel"},
            "trend_signals": [
                {"topic": "cold brew coffee", "score": 0.4},
                {"topic": "AI agents at work", "score": 0.95},
            ],
        }
    )
    assert plan.topic == "AI agents at work"
    assert plan.trend_refs == ["AI agents at work"]
    assert plan.content_pillar == "trend_reaction"
    assert plan.tone == "trending"


def test_unrelated_trends_are_not_claimed() -> None:
    plan = _plan(
        {
            "request": {"prompt": "a reel about sourdough"},
            "trend_signals": [{"topic": "AI agents at work", "score": 0.95}],
        }
    )
    assert plan.topic == "sourdough" and plan.trend_refs == []


def test_tool_results_from_looked_up_reach_the_plan() -> None:
    plan = _plan(
        {
            "request": {"prompt": "a reel about passkeys"},
            "looked_up": [
                {
                    "tool": "get_trend_signals",
                    "ok": True,
                    "result": [{"topic": "passkeys on every bank", "score": 0.8}],
                },
                {
                    "tool": "get_platform_profile",
                    "ok": True,
                    "result": {"platform": "youtube_shorts", "ideal_length_sec": 25},
                },
                {"tool": "winning_patterns", "ok": False, "error": "db down", "result": None},
            ],
        }
    )
    assert plan.trend_refs == ["passkeys on every bank"]
    assert plan.platform == "youtube_shorts" and plan.target_duration_sec == 25


def test_strategy_adjustments_pick_the_hook_type() -> None:
    plan = _plan(
        {
            "request": {"prompt": "a reel about sleep"},
            "strategy_adjustments": ["Use more surprising_number hooks: they doubled completion."],
        }
    )
    assert plan.hook_type == "surprising_number"
    assert "strategy" in plan.rationale


def test_the_strategy_update_sets_the_tone_for_the_platform() -> None:
    request = {"prompt": "an explainer about sleep", "platform": "tiktok"}
    plain = _plan({"request": request})
    strategy = {
        "topics_to_increase": [],
        "topics_to_reduce": [],
        "platform_timing_updates": {},
        "tone_adjustments": {"tiktok": "trending", "instagram": "educational"},
        "twin_rotation": [],
    }
    steered = _plan({"request": request, "strategy_adjustments": strategy})
    assert plain.tone != "trending"
    assert steered.tone == "trending"
    assert "strategy's pick for tiktok" in steered.rationale


def test_persona_prose_becomes_constraints_and_explicit_traits_win() -> None:
    model = OfflineWriterModel()
    calm = ask_structured(
        model,
        WritingConstraints,
        context_messages(
            {
                "persona": {
                    "id": 7,
                    "name": "Aria",
                    "description": "a calm, wise storyteller",
                    "banned_phrases": ["hack"],
                    "catchphrases": ["Breathe."],
                }
            }
        ),
    )
    assert (calm.persona_id, calm.energy, calm.point_of_view) == ("7", "low", "first_person")
    assert calm.banned_phrases == ["hack"] and calm.catchphrases == ["Breathe."]
    explicit = ask_structured(
        model,
        WritingConstraints,
        context_messages(
            {
                "persona": {
                    "id": "p",
                    "name": "Dana",
                    "description": "calm",
                    "energy": "High",
                    "vocabulary_level": "expert",
                    "sentence_length": "short",
                    "max_words_per_sentence": 9,
                }
            }
        ),
    )
    assert (explicit.energy, explicit.vocabulary_level) == ("high", "expert")
    assert (explicit.sentence_length, explicit.max_words_per_sentence) == ("short", 9)


def test_topic_extraction_and_domain_guess() -> None:
    assert extract_topic_phrase("a 20s TikTok about passkeys, playful") == "passkeys"
    assert extract_topic_phrase("how to post consistently without burning out") == (
        "post consistently without burning out"
    )
    assert analyse_topic("post consistently without burning out").key == "posting_consistency"
    assert analyse_topic("why my sourdough is flat").key == "sourdough"
    unknown = analyse_topic("learning Rust ownership")
    assert (unknown.domain, unknown.specific, unknown.noun) == ("tech", False, "Rust ownership")
    assert "Rust ownership" in unknown.claim


def test_a_headline_topic_is_said_by_its_head_noun() -> None:
    assert analyse_topic("Behind the scenes of making a short video").noun == "Behind the scenes"
    assert analyse_topic("Morning routines that actually stick").noun == "Morning routines"
    assert analyse_topic("Phone photography tricks").noun == "Phone photography tricks"
