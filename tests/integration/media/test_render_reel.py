"""Real offline renders (espeak + Pillow cards + one ffmpeg pass), checked by probing the MP4."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.media.reel_checks import (
    ACCENT,
    PREVIEW_WIDTH,
    colour_pixels,
    frame_at,
    write_clip,
    write_tone,
)
from tools.media.ffmpeg_binary import probe_media
from tools.media.render import render_reel
from tools.media.spec import ConsentGrants, ReelSpec, RenderResult, SceneSpec
from tools.media.visuals_cards import CardVisuals
from tools.media.voice_espeak import EspeakVoice

SpecFactory = Callable[..., ReelSpec]


def _render(
    spec: ReelSpec, tmp_path: Path, name: str = "work", progress: list[float] | None = None
) -> RenderResult:
    return render_reel(
        spec,
        voice=EspeakVoice(),
        visuals=CardVisuals(spec.font_name),
        work_dir=tmp_path / name,
        cache_dir=tmp_path / "cache",
        consent=ConsentGrants(),
        progress=None if progress is None else progress.append,
    )


def test_offline_reel_matches_narration_has_audio_captions_and_thumbnail(
    spec_factory: SpecFactory, tmp_path: Path
) -> None:
    progress: list[float] = []
    result = _render(spec_factory(), tmp_path, progress=progress)

    probe = probe_media(result.video_path)
    assert (probe.width, probe.height) == (PREVIEW_WIDTH, 640)
    assert probe.has_audio and result.has_audio
    assert probe.duration_sec is not None
    assert abs(probe.duration_sec - result.narration.duration_sec) <= 0.1
    assert result.duration_sec <= 30.0
    assert result.size_bytes == result.video_path.stat().st_size > 10_000
    assert result.thumbnail_path.is_file() and result.thumbnail_path.stat().st_size > 1000
    # Scenes tile the narration exactly, in order.
    spans = result.scene_spans
    assert spans[0][0] == 0.0 and spans[-1][1] == pytest.approx(result.narration.duration_sec)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    # Progress climbs to 100 while ffmpeg runs.
    assert progress[-1] == 100.0 and progress == sorted(progress) and len(progress) >= 3
    # No temp files left next to the reel.
    assert not [p for p in result.video_path.parent.iterdir() if p.name.startswith(".")]

    # While a word is spoken, its highlight (pure accent) and white caption text are in the
    # caption band above the bottom safe zone; in the silent pause after the hook, neither.
    height = 640
    scale = PREVIEW_WIDTH / 1080
    band_bottom = height - round(420 * scale)
    band = slice(band_bottom - 60, band_bottom + 4)
    word = result.narration.words[1]
    spoken = frame_at(result.video_path, (word.start + word.end) / 2, tmp_path)
    assert colour_pixels(spoken[band], ACCENT, tolerance=50) > 40
    assert colour_pixels(spoken[band], "#ffffff", tolerance=40) > 40
    hook_words = [w for w in result.narration.words if w.end <= spans[0][1]]
    silent_at = (hook_words[-1].end + spans[0][1]) / 2
    silent = frame_at(result.video_path, silent_at, tmp_path)
    assert colour_pixels(silent[band], ACCENT, tolerance=50) == 0
    assert colour_pixels(silent[band], "#ffffff", tolerance=40) < 10


@pytest.mark.parametrize(("aspect", "height"), [("1_1", 360), ("4_5", 450)])
def test_other_aspects_have_their_shape(
    spec_factory: SpecFactory, tmp_path: Path, aspect: str, height: int
) -> None:
    spec = spec_factory(aspect=aspect, scenes=spec_factory().scenes[:2], transition_sec=0.0)
    result = _render(spec, tmp_path)
    probe = probe_media(result.video_path)
    assert (probe.width, probe.height) == (PREVIEW_WIDTH, height)
    assert probe.duration_sec is not None
    assert abs(probe.duration_sec - result.narration.duration_sec) <= 0.1


@pytest.mark.slow
def test_full_resolution_vertical_reel(spec_factory: SpecFactory, tmp_path: Path) -> None:
    spec = spec_factory(width_override=None, scenes=spec_factory().scenes[:3])
    result = _render(spec, tmp_path)
    probe = probe_media(result.video_path)
    assert (probe.width, probe.height) == (1080, 1920)
    assert (result.width, result.height, result.aspect) == (1080, 1920, "9_16")
    assert probe.duration_sec is not None
    assert abs(probe.duration_sec - result.narration.duration_sec) <= 0.1


def test_edited_story_rerenders_only_changed_scenes(
    spec_factory: SpecFactory, tmp_path: Path
) -> None:
    first = _render(spec_factory(), tmp_path, "first")
    mtimes = [v.path.stat().st_mtime_ns for v in first.visuals]
    audio_mtimes = [s.audio_path.stat().st_mtime_ns for s in first.narration.scenes]
    assert not any(v.cached for v in first.visuals)

    scenes = list(spec_factory().scenes)
    scenes[2] = scenes[2].model_copy(
        update={"narration": "Phishers get nothing at all.", "on_screen_text": "Nothing!"}
    )
    second = _render(spec_factory(scenes=scenes), tmp_path, "second")

    assert [v.cached for v in second.visuals] == [True, True, False, True]
    assert [s.cached for s in second.narration.scenes] == [True, True, False, True]
    for index in (0, 1, 3):
        assert second.visuals[index].path == first.visuals[index].path
        assert second.visuals[index].path.stat().st_mtime_ns == mtimes[index]
        assert second.narration.scenes[index].audio_path.stat().st_mtime_ns == audio_mtimes[index]
    assert second.visuals[2].content_hash != first.visuals[2].content_hash
    assert second.video_sha256 != first.video_sha256


def test_creator_photo_and_video_assets_and_ducked_music(
    spec_factory: SpecFactory, tmp_path: Path
) -> None:
    from PIL import Image

    photo = tmp_path / "me.jpg"
    Image.new("RGB", (800, 600), (200, 40, 40)).save(photo)
    clip = write_clip(tmp_path / "me.mp4", 6.0)
    music = write_tone(tmp_path / "music.wav", 3.0)
    scenes = list(spec_factory().scenes[:3])
    scenes[0] = scenes[0].model_copy(update={"asset_path": photo})
    scenes[1] = scenes[1].model_copy(update={"asset_path": clip})
    result = _render(spec_factory(scenes=scenes, music_path=music), tmp_path)

    assert [(v.source, v.kind) for v in result.visuals] == [
        ("asset", "still"),
        ("asset", "clip"),
        ("card", "still"),
    ]
    probe = probe_media(result.video_path)
    assert probe.has_audio and probe.duration_sec is not None
    assert abs(probe.duration_sec - result.narration.duration_sec) <= 0.1
    # The creator's red photo is what the hook shows.
    hook = frame_at(result.video_path, 0.3, tmp_path)
    assert colour_pixels(hook[50:200], "#c82828", tolerance=30) > 5000


def test_scene_card_text_is_visible_in_the_reel(spec_factory: SpecFactory, tmp_path: Path) -> None:
    spec = spec_factory(
        scenes=[
            SceneSpec(
                purpose="hook", narration="Look up.", on_screen_text="BIG TEXT", visual_prompt="x"
            )
        ]
    )
    result = _render(spec, tmp_path)
    frame = frame_at(result.video_path, 0.2, tmp_path)
    upper = frame[60:260]
    assert colour_pixels(upper, "#ffffff", tolerance=30) > 500
