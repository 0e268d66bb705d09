"""Every bad input fails the render with a named cause and leaves no reel (half-written or not)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.media.reel_checks import write_clip
from tools.media.errors import (
    ConsentRequiredError,
    FfmpegError,
    MissingAssetError,
    MissingFontError,
    NarrationTooLongError,
    RenderError,
    UnreadableImageError,
    VideoTooShortError,
)
from tools.media.render import render_reel
from tools.media.spec import ConsentGrants, ReelSpec, VisualStyle, VoiceSpec
from tools.media.visuals_cards import CardVisuals
from tools.media.voice_espeak import EspeakVoice

SpecFactory = Callable[..., ReelSpec]


def _render_expecting(
    spec: ReelSpec, tmp_path: Path, error: type[RenderError], consent: ConsentGrants | None = None
) -> RenderError:
    work = tmp_path / "work"
    with pytest.raises(error) as caught:
        render_reel(
            spec,
            voice=EspeakVoice(),
            visuals=CardVisuals(),
            work_dir=work,
            cache_dir=tmp_path / "cache",
            consent=consent or ConsentGrants(),
        )
    leftovers = [p.name for p in work.glob("*.mp4")] + [p.name for p in work.glob(".*")]
    assert leftovers == []
    payload = caught.value.to_error_json()
    assert payload["cause"] == error.cause
    assert payload["message"]
    return caught.value


def _with_asset(spec_factory: SpecFactory, index: int, path: Path) -> ReelSpec:
    scenes = list(spec_factory().scenes[:2])
    scenes[index] = scenes[index].model_copy(update={"asset_path": path})
    return spec_factory(scenes=scenes)


def test_missing_asset_file(spec_factory: SpecFactory, tmp_path: Path) -> None:
    missing = tmp_path / "gone.jpg"
    error = _render_expecting(_with_asset(spec_factory, 1, missing), tmp_path, MissingAssetError)
    assert error.detail["asset_path"] == str(missing)
    assert "gone.jpg" in error.message


def test_unreadable_image(spec_factory: SpecFactory, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really an image")
    error = _render_expecting(_with_asset(spec_factory, 0, broken), tmp_path, UnreadableImageError)
    assert error.detail["asset_path"] == str(broken)


def test_video_asset_shorter_than_its_scene(spec_factory: SpecFactory, tmp_path: Path) -> None:
    short = write_clip(tmp_path / "short.mp4", 0.5)
    error = _render_expecting(_with_asset(spec_factory, 0, short), tmp_path, VideoTooShortError)
    assert error.detail["video_sec"] < error.detail["scene_sec"]


def test_font_that_does_not_exist(spec_factory: SpecFactory, tmp_path: Path) -> None:
    error = _render_expecting(
        spec_factory(font_name=str(tmp_path / "NoSuchFont.ttf")), tmp_path, MissingFontError
    )
    assert "NoSuchFont.ttf" in error.message
    error = _render_expecting(spec_factory(font_name="Comic Sans"), tmp_path, MissingFontError)
    assert error.detail["font_name"] == "Comic Sans"


def test_ffmpeg_failure_carries_its_stderr(spec_factory: SpecFactory, tmp_path: Path) -> None:
    not_audio = tmp_path / "music.mp3"
    not_audio.write_text("this is not audio at all")
    error = _render_expecting(spec_factory(music_path=not_audio), tmp_path, FfmpegError)
    assert error.detail["returncode"] != 0
    assert "music.mp3" in error.detail["stderr_tail"]


def test_narration_longer_than_the_reel_allows(spec_factory: SpecFactory, tmp_path: Path) -> None:
    error = _render_expecting(spec_factory(max_duration_sec=3.0), tmp_path, NarrationTooLongError)
    assert error.detail["narration_sec"] > error.detail["max_duration_sec"] == 3.0


def test_cloned_voice_without_consent_is_refused_before_any_work(
    spec_factory: SpecFactory, tmp_path: Path
) -> None:
    spec = spec_factory(
        voice=VoiceSpec(provider="espeak", voice_id="en-us", is_cloned=True),
        style=VisualStyle(uses_likeness=True),
    )
    error = _render_expecting(spec, tmp_path, ConsentRequiredError)
    assert error.detail["missing_consents"] == ["voice_cloning", "likeness_modeling"]
    assert not (tmp_path / "cache").exists()
    assert not (tmp_path / "work").exists()
    partial = ConsentGrants(granted=frozenset({"voice_cloning"}))
    error = _render_expecting(spec, tmp_path, ConsentRequiredError, consent=partial)
    assert error.detail["missing_consents"] == ["likeness_modeling"]
