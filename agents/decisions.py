"""The typed decisions agents hand to each other.

Every agent's output is one of these pydantic models, asked of a chat model as a structured
output; the graph stores them as records. Field descriptions are text the model reads.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Platform = Literal[
    "instagram", "facebook", "threads", "linkedin", "tiktok", "youtube_shorts", "fanbase", "spill"
]
PLATFORMS: tuple[Platform, ...] = (
    "instagram",
    "facebook",
    "threads",
    "linkedin",
    "tiktok",
    "youtube_shorts",
    "fanbase",
    "spill",
)
ContentPillar = Literal["education", "inspiration", "announcement", "promotion", "trend_reaction"]
Tone = Literal["educational", "trending", "thought_leadership", "inspirational"]
ScenePurpose = Literal["hook", "escalate", "twist", "loop"]
SCENE_ORDER: tuple[ScenePurpose, ...] = ("hook", "escalate", "twist", "loop")
HookType = Literal[
    "question", "bold_claim", "surprising_number", "mistake", "story_open", "challenge", "secret"
]
Verdict = Literal["accept", "retry"]
MAX_REEL_SECONDS = 30
MAX_SCRIPT_WORDS = 150

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


def count_words(text: str) -> int:
    """Spoken words in a piece of narration (numbers count as words)."""
    return len(_WORD.findall(text))


class _Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContentPlan(_Decision):
    """What the planner decided one reel should be."""

    topic: str = Field(description="The specific subject of the reel, in a few words.")
    angle: str = Field(description="The one idea the reel gets across, as a sentence.")
    platform: Platform = Field(description="The platform the reel is written for first.")
    extra_platforms: list[Platform] = Field(
        default_factory=list, description="Other platforms the same reel is also published to."
    )
    content_pillar: ContentPillar
    tone: Tone
    hook_type: HookType = Field(description="How the first seconds grab attention.")
    emotion_curve: str = Field(description="Name of an emotion curve from the library.")
    target_duration_sec: int = Field(ge=8, le=MAX_REEL_SECONDS)
    audience_key: str = Field(description="Key of the audience profile written for.")
    trend_refs: list[str] = Field(
        default_factory=list, description="Trend topics this plan leans on (may be empty)."
    )
    memory_refs: list[str] = Field(
        default_factory=list, description="Ids of creative memories this plan reuses."
    )
    rationale: str = Field(description="Why this plan, in one or two sentences.")


class WritingConstraints(_Decision):
    """A persona turned into rules a writer can follow and a critic can check."""

    persona_id: str
    persona_name: str
    sentence_length: Literal["short", "medium", "long"]
    max_words_per_sentence: int = Field(ge=4, le=40)
    energy: Literal["low", "medium", "high"]
    vocabulary_level: Literal["simple", "conversational", "expert"]
    point_of_view: Literal["first_person", "second_person", "mixed"] = "mixed"
    banned_phrases: list[str] = Field(default_factory=list)
    catchphrases: list[str] = Field(default_factory=list)
    signature_words: list[str] = Field(
        default_factory=list, description="Words this persona reaches for; use some of them."
    )
    style_notes: str = Field(default="", description="How this persona sounds, in a sentence.")


class Scene(_Decision):
    """One timed micro-scene of a story."""

    purpose: ScenePurpose
    start_sec: float = Field(ge=0, le=MAX_REEL_SECONDS)
    end_sec: float = Field(gt=0, le=MAX_REEL_SECONDS)
    narration: str = Field(min_length=1, description="What the voice says in this scene.")
    on_screen_text: str = Field(description="Short text burned on screen (max ~6 words).")
    visual_prompt: str = Field(description="What the picture shows, for an image model.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Scene:
        if self.end_sec <= self.start_sec:
            raise ValueError(
                f"scene {self.purpose!r}: end_sec {self.end_sec} must be after start_sec "
                f"{self.start_sec}"
            )
        return self

    @property
    def duration_sec(self) -> float:
        return self.end_sec - self.start_sec


class Story(_Decision):
    """A micro-scene story: hook, escalate, twist, loop; the reel's script and caption."""

    title: str = Field(description="Short internal title, also the video title where needed.")
    scenes: list[Scene] = Field(min_length=2, max_length=8)
    caption: str = Field(description="Post caption without hashtags.")
    hashtags: list[str] = Field(default_factory=list, max_length=15)
    language: str = "en"

    @property
    def full_script(self) -> str:
        return " ".join(scene.narration.strip() for scene in self.scenes)

    @property
    def word_count(self) -> int:
        return count_words(self.full_script)

    @property
    def duration_sec(self) -> float:
        return max(scene.end_sec for scene in self.scenes)

    @property
    def hook(self) -> Scene:
        return self.scenes[0]


class ScoreNote(_Decision):
    """One piece of critic feedback a writer can act on."""

    dimension: Literal["hook", "pacing", "loop", "structure", "persona", "clarity", "length"]
    severity: Literal["info", "minor", "major"]
    message: str
    fix: str = Field(description="What to change, concretely.")


class CriticReport(_Decision):
    """The critic's scores in [0, 1], its verdict and feedback."""

    hook_score: float = Field(ge=0, le=1)
    pacing_score: float = Field(ge=0, le=1)
    loop_score: float = Field(ge=0, le=1)
    structure_score: float = Field(ge=0, le=1, default=1.0)
    persona_score: float = Field(ge=0, le=1, default=1.0)
    total_score: float = Field(ge=0, le=1)
    verdict: Verdict
    notes: list[ScoreNote] = Field(default_factory=list)
    features: dict[str, float] = Field(
        default_factory=dict, description="The measured features behind the scores."
    )
    judge: str = Field(default="deterministic", description="Which critic(s) produced this.")
