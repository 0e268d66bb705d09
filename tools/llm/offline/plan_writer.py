"""The offline planner: a ContentPlan from the request, trends, strategy and memory.

What the creator asked for wins; otherwise a winning hook from memory sets the hook type (and its
id goes into ``memory_refs``, so memory visibly changes the plan), then the strategy's
adjustments, then a seeded choice. A trend is used only when it overlaps the topic, or when the
request names no topic at all.
"""

from __future__ import annotations

import random
import re
from typing import Any

from tools.llm.offline.context import MemoryHit, PlanContext
from tools.llm.offline.hooks import HOOK_TYPES, infer_family
from tools.llm.offline.story_writer import seed_for
from tools.llm.offline.topics import analyse_topic, extract_topic_phrase

PLATFORMS = (
    "instagram",
    "facebook",
    "threads",
    "linkedin",
    "tiktok",
    "youtube_shorts",
    "fanbase",
    "spill",
)
PILLARS = ("education", "inspiration", "announcement", "promotion", "trend_reaction")
_TONE_BY_PILLAR = {
    "education": "educational",
    "inspiration": "inspirational",
    "announcement": "thought_leadership",
    "promotion": "thought_leadership",
    "trend_reaction": "trending",
}
_TONES = frozenset(_TONE_BY_PILLAR.values())
_CURVE_WORDS = {
    "education": ("curio", "payoff", "learn", "aha"),
    "inspiration": ("inspir", "hope", "rise", "triumph", "uplift"),
    "trend_reaction": ("surprise", "shock", "twist", "hype"),
    "announcement": ("anticipation", "excite", "reveal", "build"),
    "promotion": ("desire", "anticipation", "problem", "solution"),
}
_VAGUE = frozenset(
    [
        "next",
        "reel",
        "something",
        "content",
        "new",
        "today",
        "idea",
        "ideas",
        "post",
        "anything",
        "this",
        "week",
        "trending",
        "trend",
        "the",
        "a",
    ]
)
MEMORY_MIN_SCORE = 0.5


def _clamp_duration(value: float | int | None) -> int | None:
    if value is None:
        return None
    return max(8, min(30, round(float(value))))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _pillar(prompt: str, from_trend: bool) -> str:
    lowered = prompt.lower()
    if re.search(r"\b(launch|launching|announc|new release|introducing|coming soon)", lowered):
        return "announcement"
    if re.search(r"\b(sale|discount|my course|my product|buy|offer|promo)", lowered):
        return "promotion"
    if re.search(r"\b(motivat|inspir|mindset|believe|dream)", lowered):
        return "inspiration"
    if from_trend or re.search(r"\b(trend|trending|viral|everyone is talking)", lowered):
        return "trend_reaction"
    return "education"


def _hook_from_strategy(adjustments: list[str]) -> str | None:
    for note in adjustments:
        lowered = note.lower().replace(" ", "_")
        for hook_type in HOOK_TYPES:
            if hook_type in lowered and not re.search(
                rf"(fewer|less|avoid|drop)_\w*{hook_type}", lowered
            ):
                return hook_type
        for hook_type in HOOK_TYPES:
            if hook_type.split("_")[0] in lowered and "more" in lowered:
                return hook_type
    return None


def _best_memory(hits: list[MemoryHit]) -> MemoryHit | None:
    hooks = [
        h
        for h in hits
        if h.kind.lower() in {"hook", "hooks", "pattern"} and h.score >= MEMORY_MIN_SCORE
    ]
    return min(hooks, key=lambda hit: (-hit.score, hit.id)) if hooks else None


def _emotion_curve(curves: list[str], pillar: str, rng: random.Random) -> str:
    if not curves:
        return {
            "education": "curiosity_to_payoff",
            "inspiration": "struggle_to_triumph",
            "trend_reaction": "surprise_to_insight",
        }.get(pillar, "curiosity_to_payoff")
    preferred = [c for c in curves if any(w in c.lower() for w in _CURVE_WORDS[pillar])]
    pool = preferred or curves
    return pool[rng.randrange(len(pool))]


def write_plan(ctx: PlanContext) -> dict[str, Any]:
    """A ContentPlan (as a dict matching ``agents.decisions.ContentPlan``)."""
    request = ctx.request
    prompt = str(request.get("prompt") or "")
    # Seeded by the persona's name, not its id: the same creator set-up writes the same plan in
    # every database (a resumed run, a fresh demo, a test's reference run).
    persona_key = ctx.persona.name if ctx.persona else str(request.get("persona_id") or "")
    trends = sorted(ctx.trend_signals, key=lambda t: (-t.score, t.topic))
    topic = str(request.get("topic") or "").strip()
    from_trend = False
    if not topic:
        topic = extract_topic_phrase(prompt) if prompt else ""
        if not _words(topic) - _VAGUE and trends:
            topic, from_trend = trends[0].topic, True
    niche = str(ctx.creator.get("niche") or "").strip()
    if niche and (not topic or from_trend):
        fitting = [t for t in trends if _words(t.topic) & _words(niche)]
        topic, from_trend = (fitting[0].topic, True) if fitting else (niche, False)
    topic = topic or (trends[0].topic if trends else "the one habit that changes everything")
    angles = analyse_topic(topic, context_text=prompt)
    rng = random.Random(seed_for("plan", topic.lower(), persona_key))

    platforms = [p for p in ctx.platforms if p in PLATFORMS]
    platform = str(request.get("platform") or "")
    if platform not in PLATFORMS:
        profile_platform = ctx.platform_profile.platform if ctx.platform_profile else ""
        platform = platforms[0] if platforms else (profile_platform or "tiktok")
        platform = platform if platform in PLATFORMS else "tiktok"
    extra = [p for p in (request.get("extra_platforms") or platforms[1:]) if p in PLATFORMS]
    extra = [p for p in dict.fromkeys(extra) if p != platform]

    duration = (
        _clamp_duration(request.get("duration_sec"))
        or _clamp_duration(ctx.platform_profile.ideal_length_sec if ctx.platform_profile else None)
        or _clamp_duration(ctx.default_duration_sec)
        or 20
    )
    pillar = str(request.get("content_pillar") or "")
    if pillar not in PILLARS:
        pillar = _pillar(prompt, from_trend)

    memory_refs: list[str] = []
    memory = _best_memory(ctx.memory_hits)
    strategy_hook = _hook_from_strategy(ctx.strategy_adjustments)
    if memory is not None:
        hook_type = (
            memory.hook_type if memory.hook_type in HOOK_TYPES else infer_family(memory.text)
        )
        memory_refs.append(memory.id)
    elif strategy_hook:
        hook_type = strategy_hook
    else:
        weights = dict.fromkeys(HOOK_TYPES, 1.0)
        if angles.stat:
            weights["surprising_number"] = 2.0
        weights["mistake"] = 1.5
        # A persona with a style reaches for its own few openings (so two personas on one
        # topic open differently); the seeded draw varies among them from reel to reel.
        favourites = {k: w for k, w in _persona_hook_weights(ctx).items() if w >= 2.0}
        pool = favourites or weights
        hook_type = rng.choices(list(pool), weights=list(pool.values()))[0]
    curve_memory = [
        h
        for h in ctx.memory_hits
        if h.kind.lower() in {"emotion_curve", "curve"} and h.text in ctx.emotion_curves
    ]
    if curve_memory:
        emotion_curve = max(curve_memory, key=lambda h: h.score).text
        memory_refs.append(max(curve_memory, key=lambda h: h.score).id)
    else:
        emotion_curve = _emotion_curve(ctx.emotion_curves, pillar, rng)

    topic_words = _words(topic) | _words(angles.noun)
    trend_refs = [
        t.topic
        for t in trends
        if (from_trend and t.topic == topic) or _words(t.topic) & topic_words
    ][:3]
    audience = [k for k in ctx.audience_keys if platform.split("_")[0] in k.lower()]
    audience_key = (audience or ctx.audience_keys or ["general"])[0]

    tone = _TONE_BY_PILLAR[pillar]
    tones = ctx.strategy.get("tone_adjustments")
    strategy_tone = tones.get(platform) if isinstance(tones, dict) else None
    if strategy_tone in _TONES:
        tone = str(strategy_tone)

    rationale = f"{angles.noun_cap} as {pillar.replace('_', ' ')} for {platform}"
    rationale += f", opening with a {hook_type.replace('_', ' ')} hook"
    if memory is not None:
        rationale += (
            f" because that pattern won before (memory {memory.id}, score {memory.score:.2f})"
        )
    elif strategy_hook:
        rationale += " as the latest strategy update asks"
    if strategy_tone in _TONES:
        rationale += f", in a {tone.replace('_', ' ')} tone (the strategy's pick for {platform})"
    if trend_refs:
        rationale += f"; it rides the trend '{trend_refs[0]}'"
    rationale += f". {duration} s fits {platform}'s ideal length."
    return {
        "topic": topic if len(topic) <= 80 else angles.noun,
        "angle": angles.truth[:1].upper() + angles.truth[1:] + ".",
        "platform": platform,
        "extra_platforms": extra,
        "content_pillar": pillar,
        "tone": tone,
        "hook_type": hook_type,
        "emotion_curve": emotion_curve,
        "target_duration_sec": duration,
        "audience_key": audience_key,
        "trend_refs": trend_refs,
        "memory_refs": memory_refs,
        "rationale": rationale,
    }


def _persona_hook_weights(ctx: PlanContext) -> dict[str, float]:
    """Hooks a persona would reach for: storytellers open with a story, analysts a number."""
    persona = ctx.persona
    if persona is None:
        return {}
    text = " ".join(
        [
            persona.description,
            persona.tone,
            persona.style_notes,
            persona.energy or "",
            persona.vocabulary_level or "",
            persona.point_of_view or "",
        ]
    ).lower()
    weights: dict[str, float] = {}
    if re.search(r"story|first_person|personal|lyrical", text):
        weights["story_open"] = 3.0
    if re.search(r"expert|analyt|data|precise|professional|corporate", text):
        weights.update({"surprising_number": 3.0, "bold_claim": 2.0, "story_open": 0.3})
    if re.search(r"playful|energetic|high|bold|hype|fun", text):
        weights.update({"challenge": 2.5, "bold_claim": 2.0})
    if re.search(r"calm|wise|serene|gentle|low", text):
        weights.update({"secret": 2.5, "question": 1.5, "challenge": 0.3})
    if re.search(r"second_person|coach|teacher", text):
        weights["story_open"] = 0.5
    return weights
