"""The creative pipeline (seed 000 §3 and seed 004 Persona, Emotion, Story, Script and Critic
services): personas, emotion curves, stories and their scenes, scripts, the AI twin's look and
voice, and the critic's scores.

Three things describe "who is talking", deliberately kept apart: a :class:`Persona` is the
writing voice (sentence length, energy, banned phrases…), an :class:`AiTwin` is the look, and a
:class:`VoiceProfile` is the spoken voice. The likeness and voice configuration are biometric
data, so they are stored only encrypted (seed 000 §15).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import (
    Base,
    CreatedAt,
    JsonType,
    Timestamps,
    UUIDPrimaryKey,
    enum_type,
    owner,
    reference,
)
from storage.enums import (
    EnergyLevel,
    Platform,
    ScenePurpose,
    ScriptStatus,
    SentenceLength,
    StylePreset,
    Tone,
    TwinStatus,
    Verdict,
    VocabularyLevel,
    VoiceProvider,
)

if TYPE_CHECKING:
    from storage.crypto import SecretBox


class Persona(UUIDPrimaryKey, CreatedAt, Base):
    """A writing voice. ``slug`` is seed 004's VARCHAR id ("space_twin"); presets have no user.

    ``traits_json`` holds what a writer must follow and a critic can check:
    ``banned_phrases``, ``catchphrases``, ``signature_words``, ``point_of_view``, ``style_notes``.
    """

    __tablename__ = "personas"
    __table_args__ = (UniqueConstraint("user_id", "slug"),)

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: a shared preset
    slug: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    sentence_length: Mapped[SentenceLength] = mapped_column(
        enum_type(SentenceLength, "sentence_length")
    )
    energy_level: Mapped[EnergyLevel] = mapped_column(enum_type(EnergyLevel, "energy_level"))
    vocabulary_level: Mapped[VocabularyLevel] = mapped_column(
        enum_type(VocabularyLevel, "vocabulary_level")
    )
    voice_profile: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)  # how it sounds
    traits_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class PersonaUsage(UUIDPrimaryKey, CreatedAt, Base):
    """A persona used by a job (joined with analytics to learn which voice performs)."""

    __tablename__ = "persona_usage"

    user_id: Mapped[uuid.UUID] = owner()
    persona_id: Mapped[uuid.UUID] = reference("personas.id", ondelete="CASCADE", nullable=False)
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)


class EmotionCurve(UUIDPrimaryKey, CreatedAt, Base):
    """A reusable emotional arc: ``timeline`` is ``[{"sec": 0, "emotion": "curiosity"}, …]``."""

    __tablename__ = "emotion_curves"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: the shared library
    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    platform: Mapped[Platform | None] = mapped_column(enum_type(Platform, "platform"))


class EmotionCurveRun(UUIDPrimaryKey, CreatedAt, Base):
    """An emotion curve chosen for a job."""

    __tablename__ = "emotion_curve_runs"

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    emotion_curve_id: Mapped[uuid.UUID] = reference(
        "emotion_curves.id", ondelete="CASCADE", nullable=False
    )


class Story(UUIDPrimaryKey, CreatedAt, Base):
    """A micro-scene story (structured, not a text blob); one per writer attempt."""

    __tablename__ = "stories"

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    persona_id: Mapped[uuid.UUID | None] = reference(
        "personas.id", ondelete="SET NULL", nullable=True
    )
    platform: Mapped[Platform | None] = mapped_column(enum_type(Platform, "platform"))
    title: Mapped[str] = mapped_column(String(300), default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    hashtags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    language: Mapped[str] = mapped_column(String(10), default="en")
    total_duration: Mapped[float] = mapped_column(Float)  # seconds (seed INT; scenes need .5 s)
    attempt: Mapped[int] = mapped_column(Integer, default=1)

    scenes: Mapped[list[StoryScene]] = relationship(
        back_populates="story",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StoryScene.position",
    )


class StoryScene(UUIDPrimaryKey, Base):
    """One timed scene: hook, escalate, twist or loop, with narration and a visual prompt."""

    __tablename__ = "story_scenes"
    __table_args__ = (
        UniqueConstraint("story_id", "position"),
        CheckConstraint("end_sec > start_sec", name="end_after_start"),
    )

    story_id: Mapped[uuid.UUID] = reference("stories.id", ondelete="CASCADE", nullable=False)
    user_id: Mapped[uuid.UUID] = owner()
    position: Mapped[int] = mapped_column(Integer)  # 0-based order in the story
    start_sec: Mapped[float] = mapped_column(Float)
    end_sec: Mapped[float] = mapped_column(Float)
    purpose: Mapped[ScenePurpose] = mapped_column(enum_type(ScenePurpose, "purpose"))
    narration_text: Mapped[str] = mapped_column(Text)
    visual_prompt: Mapped[str] = mapped_column(Text, default="")
    on_screen_text: Mapped[str] = mapped_column(String(200), default="")

    story: Mapped[Story] = relationship(back_populates="scenes")


class Script(UUIDPrimaryKey, Timestamps, Base):
    """The spoken script: seed 000's Script and seed 004's scripts merged into one table.

    ``body_text`` is seed 004's ``full_script`` (≤150 words); ``story_id`` links the story it
    was cut from. ``edit_history_json`` is ``[{at, editor, delta}]``.
    """

    __tablename__ = "scripts"

    user_id: Mapped[uuid.UUID] = owner()
    campaign_id: Mapped[uuid.UUID | None] = reference(
        "campaigns.id", ondelete="SET NULL", nullable=True
    )
    story_id: Mapped[uuid.UUID | None] = reference("stories.id", ondelete="SET NULL", nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    tone: Mapped[Tone] = mapped_column(enum_type(Tone, "tone"))
    language: Mapped[str] = mapped_column(String(10), default="en")
    tags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    platform_targets: Mapped[list[str]] = mapped_column(JsonType, default=list)
    status: Mapped[ScriptStatus] = mapped_column(
        enum_type(ScriptStatus, "status"), default=ScriptStatus.DRAFT
    )
    edit_history_json: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)

    @property
    def full_script(self) -> str:
        """Seed 004's name for the script text."""
        return self.body_text


class VoiceProfile(UUIDPrimaryKey, Timestamps, Base):
    """The twin's spoken voice. The provider's voice id and settings are encrypted at rest
    (a cloned voice is biometric data); presets (no user) carry an offline espeak-ng voice."""

    __tablename__ = "voice_profiles"

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: a shared preset
    provider: Mapped[VoiceProvider] = mapped_column(enum_type(VoiceProvider, "provider"))
    name: Mapped[str] = mapped_column(String(100))
    voice_id_external_encrypted: Mapped[str | None] = mapped_column(Text)
    settings_encrypted: Mapped[str] = mapped_column(Text)  # JSON: pitch, speed, timbre…

    def set_voice(
        self, box: SecretBox, voice_id_external: str | None, settings: dict[str, Any]
    ) -> None:
        """Store the provider's voice id and the settings, encrypted."""
        self.voice_id_external_encrypted = (
            None if voice_id_external is None else box.encrypt(voice_id_external)
        )
        self.settings_encrypted = box.encrypt_json(settings)

    def voice_id_external(self, box: SecretBox) -> str | None:
        token = self.voice_id_external_encrypted
        return None if token is None else box.decrypt(token)

    def settings(self, box: SecretBox) -> dict[str, Any]:
        return box.decrypt_json(self.settings_encrypted)


class AiTwin(UUIDPrimaryKey, Timestamps, Base):
    """The twin's look. Seed ``config_json`` is split in two: the likeness (facial map,
    lighting, attire — biometric, encrypted in ``config_encrypted``) and the non-biometric visual
    style (palette, backgrounds, accent colour — ``style_json``, readable by the renderer)."""

    __tablename__ = "ai_twins"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    user_id: Mapped[uuid.UUID | None] = owner(nullable=True)  # NULL: a shared preset
    name: Mapped[str] = mapped_column(String(100))
    style_preset: Mapped[StylePreset] = mapped_column(enum_type(StylePreset, "style_preset"))
    voice_profile_id: Mapped[uuid.UUID | None] = reference(
        "voice_profiles.id", ondelete="SET NULL", nullable=True
    )
    persona_id: Mapped[uuid.UUID | None] = reference(
        "personas.id", ondelete="SET NULL", nullable=True
    )
    config_encrypted: Mapped[str] = mapped_column(Text)
    style_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    avatar_assets_folder: Mapped[str | None] = mapped_column(String(1000))  # URI
    status: Mapped[TwinStatus] = mapped_column(
        enum_type(TwinStatus, "status"), default=TwinStatus.ACTIVE
    )

    def set_config(self, box: SecretBox, config: dict[str, Any]) -> None:
        """Store the likeness configuration encrypted."""
        self.config_encrypted = box.encrypt_json(config)

    def config(self, box: SecretBox) -> dict[str, Any]:
        return box.decrypt_json(self.config_encrypted)


class CriticScore(UUIDPrimaryKey, CreatedAt, Base):
    """The critic's scores in [0, 1] for one attempt at a story, and its verdict.

    ``is_best_effort`` marks the story kept when retries ran out without an ``accept``.
    """

    __tablename__ = "critic_scores"

    user_id: Mapped[uuid.UUID] = owner()
    job_id: Mapped[uuid.UUID | None] = reference("jobs.id", ondelete="SET NULL", nullable=True)
    story_id: Mapped[uuid.UUID | None] = reference("stories.id", ondelete="CASCADE", nullable=True)
    platform: Mapped[Platform] = mapped_column(enum_type(Platform, "platform"))
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    total_score: Mapped[float] = mapped_column(Float)
    hook_score: Mapped[float] = mapped_column(Float)
    pacing_score: Mapped[float] = mapped_column(Float)
    loop_score: Mapped[float] = mapped_column(Float)
    structure_score: Mapped[float] = mapped_column(Float, default=1.0)
    persona_score: Mapped[float] = mapped_column(Float, default=1.0)
    verdict: Mapped[Verdict] = mapped_column(enum_type(Verdict, "verdict"))
    is_best_effort: Mapped[bool] = mapped_column(Boolean, default=False)
    judge: Mapped[str] = mapped_column(String(100), default="deterministic")
    features_json: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)

    feedback: Mapped[list[CriticFeedback]] = relationship(
        back_populates="critic_score", cascade="all, delete-orphan", passive_deletes=True
    )


class CriticFeedback(UUIDPrimaryKey, CreatedAt, Base):
    """What the critic told the writer to change (``feedback`` is a list of notes)."""

    __tablename__ = "critic_feedback"

    critic_score_id: Mapped[uuid.UUID] = reference(
        "critic_scores.id", ondelete="CASCADE", nullable=False
    )
    user_id: Mapped[uuid.UUID] = owner()
    feedback: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)

    critic_score: Mapped[CriticScore] = relationship(back_populates="feedback")
