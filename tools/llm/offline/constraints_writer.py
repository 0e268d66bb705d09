"""The offline persona keeper: WritingConstraints from a persona record.

Explicit traits in the record are kept as they are; where the record only has prose ("a calm,
wise guide who speaks in metaphors"), traits are read from its words. Banned phrases always come
through unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from tools.llm.offline.context import ConstraintsContext, PersonaRecord

_CAP_BY_LENGTH = {"short": 10, "medium": 16, "long": 24}
_HIGH = (
    "energetic",
    "playful",
    "hype",
    "excited",
    "bold",
    "loud",
    "fast",
    "punchy",
    "fun",
    "enthusiastic",
    "high energy",
    "high-energy",
    "witty",
    "cheeky",
)
_LOW = (
    "calm",
    "serene",
    "soothing",
    "measured",
    "gentle",
    "slow",
    "zen",
    "wise",
    "soft",
    "meditative",
    "quiet",
    "low energy",
    "low-energy",
)
_EXPERT = (
    "expert",
    "technical",
    "professional",
    "corporate",
    "analytical",
    "executive",
    "data",
    "precise",
    "authoritative",
    "b2b",
)
_SIMPLE = ("simple", "kids", "beginner", "plain", "accessible", "everyday")
_FIRST = ("storyteller", "personal", "diary", "i share", "first person", "first-person", "vlog")
_SECOND = ("coach", "teacher", "direct", "mentor", "second person", "second-person", "you")


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _choice(value: str | None, valid: tuple[str, ...], synonyms: dict[str, str]) -> str | None:
    if not value:
        return None
    lowered = value.lower().strip().replace("-", "_").replace(" ", "_")
    if lowered in valid:
        return lowered
    for word, mapped in synonyms.items():
        if word in lowered:
            return mapped
    return None


def _prose(persona: PersonaRecord) -> str:
    traits = persona.traits
    if isinstance(traits, dict):
        traits_text = " ".join(f"{k} {v}" for k, v in traits.items())
    elif isinstance(traits, list):
        traits_text = " ".join(map(str, traits))
    else:
        traits_text = str(traits or "")
    return " ".join([persona.description, persona.tone, persona.style_notes, traits_text]).lower()


def write_constraints(ctx: ConstraintsContext) -> dict[str, Any]:
    """WritingConstraints (as a dict matching ``agents.decisions.WritingConstraints``)."""
    persona = ctx.persona
    prose = _prose(persona)
    energy = _choice(
        persona.energy,
        ("low", "medium", "high"),
        {"very": "high", "hi": "high", "lo": "low", "calm": "low", "mid": "medium"},
    )
    if energy is None:
        energy = "high" if _has(prose, _HIGH) else "low" if _has(prose, _LOW) else "medium"
    vocabulary = _choice(
        persona.vocabulary_level,
        ("simple", "conversational", "expert"),
        {"tech": "expert", "pro": "expert", "basic": "simple", "casual": "conversational"},
    )
    if vocabulary is None:
        vocabulary = (
            "expert"
            if _has(prose, _EXPERT)
            else "simple"
            if _has(prose, _SIMPLE)
            else "conversational"
        )
    length = _choice(
        persona.sentence_length,
        ("short", "medium", "long"),
        {"punch": "short", "brief": "short", "lyric": "long", "flow": "long"},
    )
    if length is None:
        length = (
            "short"
            if energy == "high" or "punchy" in prose
            else "long"
            if _has(prose, ("lyrical", "poetic", "elaborate", "flowing"))
            else "medium"
        )
    cap = persona.max_words_per_sentence or _CAP_BY_LENGTH[length]
    pov = _choice(
        persona.point_of_view,
        ("first_person", "second_person", "mixed"),
        {"first": "first_person", "second": "second_person"},
    )
    if pov is None:
        pov = (
            "first_person"
            if _has(prose, _FIRST)
            else "second_person"
            if _has(prose, _SECOND)
            else "mixed"
        )
    notes = persona.style_notes or (
        f"{persona.name} sounds {energy} energy with {vocabulary} words in {length} sentences"
        + (f"; {persona.tone}" if persona.tone else "")
        + "."
    )
    return {
        "persona_id": persona.id,
        "persona_name": persona.name,
        "sentence_length": length,
        "max_words_per_sentence": max(4, min(40, int(cap))),
        "energy": energy,
        "vocabulary_level": vocabulary,
        "point_of_view": pov,
        "banned_phrases": list(persona.banned_phrases),
        "catchphrases": list(persona.catchphrases),
        "signature_words": list(persona.signature_words),
        "style_notes": notes,
    }
