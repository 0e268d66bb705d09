"""ElevenLabs and Replicate providers: the real SDKs against local fake servers."""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakes.elevenlabs_server import FakeElevenLabs
from tests.fakes.replicate_server import FakeReplicate
from tests.integration.media.reel_checks import PREVIEW_WIDTH
from tools.media.errors import ProviderError, UnreadableImageError, VideoTooShortError
from tools.media.ffmpeg_binary import probe_media
from tools.media.render import render_reel
from tools.media.render_cache import RenderCache
from tools.media.spec import ConsentGrants, ReelSpec, SceneSpec, VisualStyle, VoiceSpec
from tools.media.visuals import overscan_size, prepare_visual
from tools.media.visuals_replicate import DEFAULT_IMAGE_MODEL, ReplicateVisuals
from tools.media.voice_elevenlabs import ElevenLabsVoice

SpecFactory = Callable[..., ReelSpec]
CLONE = VoiceSpec(
    provider="elevenlabs",
    voice_id="voice-creator-clone",
    settings={"stability": 0.4, "similarity_boost": 0.8, "speed": 1.1},
    is_cloned=True,
)


@pytest.fixture
def eleven() -> Iterator[FakeElevenLabs]:
    with FakeElevenLabs() as fake:
        yield fake


@pytest.fixture
def replicate_fake() -> Iterator[FakeReplicate]:
    with FakeReplicate() as fake:
        yield fake


def _voice(fake: FakeElevenLabs, key: str = "test-eleven-key") -> ElevenLabsVoice:
    return ElevenLabsVoice(key, base_url=fake.base_url)


def _visuals(
    fake: FakeReplicate, image_model: str = DEFAULT_IMAGE_MODEL, video_model: str | None = None
) -> ReplicateVisuals:
    return ReplicateVisuals(
        "r8_test_token",
        base_url=fake.base_url,
        image_model=image_model,
        video_model=video_model,
        poll_interval_sec=0.01,
    )


def test_elevenlabs_scene_audio_words_and_settings(eleven: FakeElevenLabs, tmp_path: Path) -> None:
    text = "Passkeys, finally. No more passwords!"
    result = _voice(eleven).synthesize_scene(text, CLONE, tmp_path / "a.wav")

    with wave.open(str(result.audio_path)) as handle:
        assert handle.getframerate() == 22050 and handle.getnchannels() == 1
        seconds = handle.getnframes() / handle.getframerate()
    assert result.duration_sec == pytest.approx(seconds, abs=0.001)
    assert [w.word for w in result.words] == ["Passkeys,", "finally.", "No", "more", "passwords!"]
    assert all(a.end <= b.start for a, b in zip(result.words, result.words[1:], strict=False))
    assert result.words[-1].end <= result.duration_sec + 0.01

    sent = eleven.state.requests[-1]
    assert sent.voice_id == "voice-creator-clone"
    assert sent.api_key == "test-eleven-key"
    assert sent.query["output_format"] == "pcm_22050"
    assert sent.body["text"] == text
    assert sent.body["voice_settings"]["stability"] == 0.4
    assert sent.body["voice_settings"]["speed"] == 1.1


def test_elevenlabs_errors_become_provider_errors(eleven: FakeElevenLabs, tmp_path: Path) -> None:
    with pytest.raises(ProviderError) as bad_key:
        _voice(eleven, key="wrong").synthesize_scene("Hi there", CLONE, tmp_path / "a.wav")
    assert bad_key.value.detail["status_code"] == 401
    unknown = CLONE.model_copy(update={"voice_id": "nobody"})
    with pytest.raises(ProviderError) as missing:
        _voice(eleven).synthesize_scene("Hi there", unknown, tmp_path / "b.wav")
    assert missing.value.detail["status_code"] == 404
    assert "nobody" in missing.value.message


def test_replicate_image_is_polled_downloaded_and_fitted(
    replicate_fake: FakeReplicate, tmp_path: Path
) -> None:
    scene = SceneSpec(purpose="hook", narration="x", visual_prompt="a neon padlock")
    frame = (PREVIEW_WIDTH, 640)
    visual = prepare_visual(
        _visuals(replicate_fake),
        scene,
        index=0,
        style=VisualStyle(style_preset="cinematic neon"),
        frame=frame,
        cache=RenderCache(tmp_path / "cache"),
        min_duration_sec=2.0,
    )
    assert (visual.kind, visual.source) == ("still", "replicate")
    assert (visual.width, visual.height) == overscan_size(frame)
    created = replicate_fake.state.created[-1]
    assert created.model == "black-forest-labs/flux-schnell"
    assert created.input["aspect_ratio"] == "9:16"
    assert "a neon padlock" in created.input["prompt"]
    assert "cinematic neon" in created.input["prompt"]
    assert created.polls >= 2  # the SDK really waited through starting -> processing
    assert replicate_fake.state.downloads == [f"{created.id}.png"]


def test_replicate_failures(replicate_fake: FakeReplicate, tmp_path: Path) -> None:
    scene = SceneSpec(purpose="hook", narration="x", visual_prompt="p")
    cache = RenderCache(tmp_path / "cache")

    def prepare(provider: ReplicateVisuals, min_sec: float = 2.0) -> None:
        prepare_visual(
            provider,
            scene,
            index=0,
            style=VisualStyle(),
            frame=(PREVIEW_WIDTH, 640),
            cache=cache,
            min_duration_sec=min_sec,
        )

    replicate_fake.state.failing_models["acme/bad"] = "NSFW content detected"
    with pytest.raises(ProviderError, match="NSFW content detected"):
        prepare(_visuals(replicate_fake, image_model="acme/bad"))
    replicate_fake.state.broken_output_models.add("acme/broken")
    with pytest.raises(UnreadableImageError):
        prepare(_visuals(replicate_fake, image_model="acme/broken"))
    with pytest.raises(ProviderError) as unauthorised:
        prepare(ReplicateVisuals("wrong", base_url=replicate_fake.base_url))
    assert "401" in unauthorised.value.message or "Unauthenticated" in unauthorised.value.message
    replicate_fake.state.video_models.add("acme/video")
    replicate_fake.state.video_duration_override = 1.0
    with pytest.raises(VideoTooShortError):
        prepare(_visuals(replicate_fake, video_model="acme/video"), min_sec=3.0)
    assert not list((tmp_path / "cache").rglob("*.mp4"))


@pytest.mark.slow
def test_reel_with_elevenlabs_clone_and_replicate_video(
    eleven: FakeElevenLabs,
    replicate_fake: FakeReplicate,
    spec_factory: SpecFactory,
    tmp_path: Path,
) -> None:
    replicate_fake.state.video_models.add("acme/video")
    spec = spec_factory(voice=CLONE, scenes=spec_factory().scenes[:3])
    result = render_reel(
        spec,
        voice=_voice(eleven),
        visuals=_visuals(replicate_fake, video_model="acme/video"),
        work_dir=tmp_path / "work",
        cache_dir=tmp_path / "cache",
        consent=ConsentGrants(granted=frozenset({"voice_cloning"})),
    )
    assert [v.kind for v in result.visuals] == ["clip", "clip", "clip"]
    assert result.narration.provider == "elevenlabs"
    assert result.narration.voice_id == "voice-creator-clone"
    probe = probe_media(result.video_path)
    assert probe.has_audio and probe.duration_sec is not None
    assert abs(probe.duration_sec - result.narration.duration_sec) <= 0.1
    assert len(eleven.state.requests) == 3
    # Asked-for clip lengths cover each scene (plus its transition).
    for created, (start, end) in zip(replicate_fake.state.created, result.scene_spans, strict=True):
        assert created.input["duration"] >= end - start
