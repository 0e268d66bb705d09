"""Inputs and outputs of a reel render.

The models are deliberately free of database types: the media node maps its ORM rows (Story,
StoryScene, VoiceProfile, the twin's style, ConsentRecord) into these, and maps the results
back into `audio_tracks`, `images`, `videos`, `MediaAsset`, `RenderJob` and `VideoReel`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ScenePurpose = Literal["hook", "escalate", "twist", "loop"]
Aspect = Literal["9_16", "1_1", "4_5"]
VoiceProviderName = Literal["elevenlabs", "espeak"]
VisualKind = Literal["still", "clip"]

#: Output frame size per aspect; the platforms' native upload sizes.
ASPECT_SIZES: dict[str, tuple[int, int]] = {
    "9_16": (1080, 1920),
    "1_1": (1080, 1080),
    "4_5": (1080, 1350),
}

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_colour(value: str, field: str) -> str:
    if not _HEX_COLOUR.match(value):
        raise ValueError(f"{field} must be a #rrggbb colour, got {value!r}")
    return value.lower()


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SceneSpec(_Frozen):
    """One timed scene of the story; its duration comes from its narration."""

    purpose: ScenePurpose
    narration: str = Field(min_length=1)
    on_screen_text: str = ""
    visual_prompt: str = ""
    asset_path: Path | None = Field(
        default=None,
        description="The creator's own raw_photo/raw_video file to use instead of a generated "
        "visual.",
    )

    @field_validator("narration")
    @classmethod
    def _narration_has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("narration must contain words")
        return value.strip()


class VoiceSpec(_Frozen):
    """Who speaks and how; `settings` are provider specific.

    elevenlabs: stability, similarity_boost, style, speed, use_speaker_boost, model_id.
    espeak: espeak_voice (e.g. "en-us"), rate_wpm, pitch (0-99).
    """

    provider: VoiceProviderName
    voice_id: str = Field(min_length=1)
    settings: dict[str, str | float | int | bool] = Field(default_factory=dict)
    is_cloned: bool = False


class VisualStyle(_Frozen):
    """The twin's look: a style preset for generators and a palette for drawn cards."""

    style_preset: str = "bold-minimal"
    background_colours: list[str] = Field(default_factory=lambda: ["#141e30", "#243b55"])
    accent_colour: str = "#ffcc00"
    text_colour: str = "#ffffff"
    uses_likeness: bool = False

    @field_validator("background_colours")
    @classmethod
    def _check_backgrounds(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("background_colours needs at least one colour")
        return [_check_colour(v, "background_colours") for v in value]

    @field_validator("accent_colour", "text_colour")
    @classmethod
    def _check_single(cls, value: str) -> str:
        return _check_colour(value, "accent_colour/text_colour")


class SafeZone(_Frozen):
    """Pixels (at output resolution) that the platform covers with its own controls."""

    top: int = Field(default=220, ge=0)
    bottom: int = Field(default=420, ge=0)
    left: int = Field(default=60, ge=0)
    right: int = Field(default=140, ge=0)


class ReelSpec(_Frozen):
    """Everything needed to render one reel."""

    scenes: list[SceneSpec] = Field(min_length=1, max_length=12)
    voice: VoiceSpec
    style: VisualStyle = Field(default_factory=VisualStyle)
    aspect: Aspect = "9_16"
    max_duration_sec: float = Field(default=30.0, gt=0, le=30.0)
    safe_zone: SafeZone = Field(default_factory=SafeZone)
    music_path: Path | None = None
    font_name: str = Field(
        default="DejaVu Sans Bold",
        description="A bundled font name (see tools.media.fonts) or a path to a .ttf/.otf file.",
    )
    font_size: int = Field(default=84, ge=12, le=300)
    scene_pause_sec: float = Field(default=0.25, ge=0.0, le=2.0)
    transition_sec: float = Field(default=0.3, ge=0.0, le=1.0)
    width_override: int | None = Field(
        default=None,
        ge=128,
        description="Render at a smaller width (same aspect); for previews and fast tests.",
    )

    @model_validator(mode="after")
    def _even_width(self) -> ReelSpec:
        if self.width_override is not None and self.width_override % 2:
            raise ValueError(f"width_override must be even, got {self.width_override}")
        return self

    def frame_size(self) -> tuple[int, int]:
        """Output width and height (both even, as yuv420p requires)."""
        width, height = ASPECT_SIZES[self.aspect]
        if self.width_override is None:
            return width, height
        scaled_h = round(height * self.width_override / width)
        return self.width_override, scaled_h - scaled_h % 2

    def scale(self) -> float:
        """Output width relative to the native 1080 px (fonts and safe zones scale with it)."""
        return self.frame_size()[0] / ASPECT_SIZES[self.aspect][0]


class ConsentGrants(_Frozen):
    """Consent types the creator has granted (from granted, unrevoked ConsentRecords)."""

    granted: frozenset[str] = frozenset()


class WordTiming(_Frozen):
    word: str
    start: float
    end: float


class SceneNarration(_Frozen):
    """One scene's narration audio and the words inside it (times relative to the scene)."""

    audio_path: Path
    duration_sec: float
    words: list[WordTiming]
    cached: bool = False


class NarrationResult(_Frozen):
    """The whole narration: one WAV, word timings and each scene's [start, end] on the reel."""

    audio_path: Path
    duration_sec: float
    sample_rate: int
    provider: VoiceProviderName
    voice_id: str
    words: list[WordTiming]
    scene_spans: list[tuple[float, float]]
    scenes: list[SceneNarration]
    content_hash: str


class SceneVisual(_Frozen):
    """A scene's prepared visual: a still (drawn over-size for motion) or a clip."""

    path: Path
    kind: VisualKind
    source: Literal["card", "replicate", "asset"]
    style: str
    width: int
    height: int
    content_hash: str
    cached: bool = False


class StageTimings(_Frozen):
    narration_sec: float
    visuals_sec: float
    assembly_sec: float
    thumbnail_sec: float
    total_sec: float


class RenderResult(_Frozen):
    """What the media node records: the reel, its thumbnail and how it was made."""

    video_path: Path
    thumbnail_path: Path
    captions_path: Path
    duration_sec: float
    width: int
    height: int
    aspect: Aspect
    fps: int
    has_audio: bool
    size_bytes: int
    video_sha256: str
    narration: NarrationResult
    visuals: list[SceneVisual]
    scene_spans: list[tuple[float, float]]
    ffmpeg_command: str
    timings: StageTimings
