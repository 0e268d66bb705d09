"""The LangChain tools agents bind to their chat models.

Each tool is scoped to one creator (built per run by :func:`planner_tools` / :func:`persona_tools`)
so a model can never read another tenant's rows. Docstrings are what the model reads to decide
when to call a tool. A tool that cannot answer raises :class:`ToolException`; the agents' tool
loop hands that back to the model as an error result instead of crashing the run.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from storage.base import utcnow
from storage.creative import AiTwin, EmotionCurve, Persona
from storage.memory import CreativeMemory
from storage.planning import AudienceProfile, PlatformProfile, TrendSignal

TREND_LOOKBACK = timedelta(days=14)


class PatternRecall(Protocol):
    """What the memory package offers the planner: top winning patterns for a query."""

    def __call__(
        self, query: str, *, platform: str | None, persona_id: str | None, limit: int
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class ToolScope:
    """Whose data the tools may read, and how."""

    session_factory: sessionmaker[Session]
    user_id: uuid.UUID
    recall: PatternRecall | None = None


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def platform_profile_record(session: Session, user_id: uuid.UUID, platform: str) -> PlatformProfile:
    """The creator's own profile for a platform if they made one, else the shared one."""
    rows = session.scalars(
        select(PlatformProfile)
        .where(PlatformProfile.platform == platform)
        .where(or_(PlatformProfile.user_id == user_id, PlatformProfile.user_id.is_(None)))
    ).all()
    if not rows:
        raise ToolException(f"no platform profile for {platform!r}")
    return sorted(rows, key=lambda row: row.user_id is None)[0]


def platform_profile_dict(profile: PlatformProfile) -> dict[str, Any]:
    return {
        "platform": str(profile.platform),
        "ideal_length_sec": profile.ideal_length,
        "hook_window_seconds": profile.hook_window_seconds,
        "loop_weight": profile.loop_weight,
        "priority_metrics": profile.priority_metrics,
        **profile.rules,
    }


def emotion_curve_dicts(session: Session, user_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(EmotionCurve)
        .where(or_(EmotionCurve.user_id == user_id, EmotionCurve.user_id.is_(None)))
        .order_by(EmotionCurve.name)
    ).all()
    return [
        {
            "name": row.name,
            "description": row.description,
            "platform": row.platform,
            "timeline": row.timeline,
        }
        for row in rows
    ]


def persona_dict(persona: Persona) -> dict[str, Any]:
    return {
        "id": str(persona.id),
        "slug": persona.slug,
        "name": persona.name,
        "sentence_length": str(persona.sentence_length),
        "energy_level": str(persona.energy_level),
        "vocabulary_level": str(persona.vocabulary_level),
        "voice_profile": persona.voice_profile,
        **persona.traits_json,
    }


def planner_tools(scope: ToolScope) -> list[BaseTool]:
    """Trends, platform and audience profiles, the emotion-curve library, winning patterns."""

    def trend_signals(topic: str, platform: str | None = None, limit: int = 5) -> str:
        """Recent trend signals related to a topic (and optionally a platform), strongest first.
        Each has the trend topic, its score (significance) and velocity. Use it to decide
        whether a timely angle fits the creator's topic."""
        words = [w for w in topic.lower().split() if len(w) > 3][:6]
        with scope.session_factory() as session:
            query = select(TrendSignal).where(TrendSignal.collected_at >= utcnow() - TREND_LOOKBACK)
            if platform:
                query = query.where(
                    or_(TrendSignal.platform_hint == platform, TrendSignal.platform_hint.is_(None))
                )
            if words:
                query = query.where(or_(*(TrendSignal.topic.ilike(f"%{w}%") for w in words)))
            rows = session.scalars(query.order_by(TrendSignal.score.desc()).limit(limit)).all()
            return _as_json(
                [
                    {
                        "topic": row.topic,
                        "score": row.score,
                        "source": str(row.source),
                        "velocity": row.metadata_json.get("velocity"),
                        "related_tags": row.metadata_json.get("related_tags", []),
                    }
                    for row in rows
                ]
            )

    def platform_profile(platform: str) -> str:
        """The rules of one platform: ideal length, hook window (seconds), loop weight, ideal
        words per second, caption limits and the metrics it rewards."""
        with scope.session_factory() as session:
            return _as_json(
                platform_profile_dict(platform_profile_record(session, scope.user_id, platform))
            )

    def audience_profile(audience_key: str) -> str:
        """An audience profile by key: attention span, language mix, visual energy and the
        emotions it responds to."""
        with scope.session_factory() as session:
            row = session.scalars(
                select(AudienceProfile)
                .where(AudienceProfile.audience_key == audience_key)
                .where(
                    or_(AudienceProfile.user_id == scope.user_id, AudienceProfile.user_id.is_(None))
                )
            ).first()
            if row is None:
                known = session.scalars(select(AudienceProfile.audience_key)).all()
                raise ToolException(
                    f"unknown audience {audience_key!r}; known: {', '.join(sorted(set(known)))}"
                )
            return _as_json(
                {
                    "audience_key": row.audience_key,
                    "description": row.description,
                    "attention_span_sec": row.attention_span,
                    "language_mix": row.language_mix,
                    "visual_energy": str(row.visual_energy),
                    "emotion_bias": row.emotion_bias,
                }
            )

    def emotion_curve_library() -> str:
        """The named emotion curves (timelines of {sec, emotion}) a reel can follow."""
        with scope.session_factory() as session:
            return _as_json(emotion_curve_dicts(session, scope.user_id))

    def winning_patterns(
        topic: str, platform: str | None = None, persona_id: str | None = None, limit: int = 5
    ) -> str:
        """The creator's past winning patterns (hooks, personas, emotion curves) closest to a
        topic, best first, each with an id, its text and its score. Reuse a pattern's
        structure, not its words, and cite its id in memory_refs."""
        if scope.recall is not None:
            return _as_json(
                scope.recall(topic, platform=platform, persona_id=persona_id, limit=limit)
            )
        with scope.session_factory() as session:
            query = select(CreativeMemory).where(CreativeMemory.user_id == scope.user_id)
            if platform:
                query = query.where(CreativeMemory.platform == platform)
            rows = session.scalars(query.order_by(CreativeMemory.score.desc()).limit(limit)).all()
            return _as_json(
                [
                    {
                        "id": str(row.id),
                        "kind": str(row.type),
                        "text": row.text,
                        "topic": row.topic,
                        "score": row.score,
                    }
                    for row in rows
                ]
            )

    return _structured(
        [trend_signals, platform_profile, audience_profile, emotion_curve_library, winning_patterns]
    )


def persona_tools(scope: ToolScope) -> list[BaseTool]:
    """Lookups of the creator's personas and AI twins."""

    def persona_profile(persona_id: str) -> str:
        """A persona's writing voice by id or slug: sentence length, energy, vocabulary,
        banned phrases, catchphrases, signature words and style notes."""
        with scope.session_factory() as session:
            return _as_json(persona_dict(find_persona(session, scope.user_id, persona_id)))

    def twin_lookup(name: str) -> str:
        """An AI twin by name: its style preset and visual style (palette, backgrounds)."""
        with scope.session_factory() as session:
            twin = session.scalars(
                select(AiTwin).where(AiTwin.user_id == scope.user_id).where(AiTwin.name.ilike(name))
            ).first()
            if twin is None:
                raise ToolException(f"no AI twin named {name!r}")
            return _as_json(
                {
                    "name": twin.name,
                    "style_preset": str(twin.style_preset),
                    "style": twin.style_json,
                }
            )

    return _structured([persona_profile, twin_lookup])


def find_persona(session: Session, user_id: uuid.UUID, key: str) -> Persona:
    """A persona of this creator (or a shared preset) by id, slug or name."""
    query = select(Persona).where(or_(Persona.user_id == user_id, Persona.user_id.is_(None)))
    try:
        query = query.where(Persona.id == uuid.UUID(key))
    except ValueError:
        query = query.where(or_(Persona.slug == key, Persona.name.ilike(key)))
    rows = session.scalars(query).all()
    if not rows:
        raise ToolException(f"no persona {key!r}")
    return sorted(rows, key=lambda row: row.user_id is None)[0]


def _structured(functions: Sequence[Callable[..., str]]) -> list[BaseTool]:
    return [StructuredTool.from_function(fn, handle_tool_error=False) for fn in functions]
