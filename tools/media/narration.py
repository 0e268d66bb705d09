"""Narration for a whole reel: per-scene speech, cached, joined into one timed WAV.

Narration drives timing: each scene lasts as long as its speech plus a short pause, and the
reel is exactly as long as the joined narration. A narration longer than the reel's budget is
refused (`NarrationTooLongError`) rather than sped up: speeding speech past what the persona
sounds like is the story agent's call (shorter script), not the renderer's.
"""

from __future__ import annotations

import hashlib
import tempfile
import wave
from pathlib import Path
from typing import Any, Protocol

from tools.media.errors import NarrationTooLongError, ProviderError
from tools.media.render_cache import RenderCache
from tools.media.spec import (
    NarrationResult,
    SceneNarration,
    SceneSpec,
    VoiceSpec,
    WordTiming,
)

#: All providers deliver (or are asked for) 16-bit mono PCM at this rate.
NARRATION_SAMPLE_RATE = 22050


class VoiceProvider(Protocol):
    """A text-to-speech backend (espeak offline, ElevenLabs for real)."""

    name: str

    def cache_inputs(self, narration: str, voice: VoiceSpec) -> dict[str, Any]:
        """Everything besides the text that changes the audio (voice id, settings)."""
        ...

    def synthesize_scene(self, narration: str, voice: VoiceSpec, out_path: Path) -> SceneNarration:
        """Write one scene's speech as a 22.05 kHz mono 16-bit WAV with word timings."""
        ...


def _read_pcm(path: Path) -> tuple[bytes, int]:
    with wave.open(str(path), "rb") as handle:
        if handle.getnchannels() != 1 or handle.getsampwidth() != 2:
            raise ProviderError(
                f"narration {path.name} must be mono 16-bit PCM",
                channels=handle.getnchannels(),
                sample_width=handle.getsampwidth(),
            )
        return handle.readframes(handle.getnframes()), handle.getframerate()


def _scene_narration(
    provider: VoiceProvider,
    scene: SceneSpec,
    voice: VoiceSpec,
    *,
    cache: RenderCache | None,
    work_dir: Path,
    index: int,
) -> SceneNarration:
    if cache is None:
        return provider.synthesize_scene(
            scene.narration, voice, work_dir / f"narration_{index:02d}.wav"
        )

    def produce(tmp_path: Path) -> dict[str, Any]:
        made = provider.synthesize_scene(scene.narration, voice, tmp_path)
        return {
            "duration_sec": made.duration_sec,
            "words": [w.model_dump() for w in made.words],
        }

    entry = cache.get_or_create(
        "narration",
        {"voice_id": voice.voice_id, **provider.cache_inputs(scene.narration, voice)},
        ".wav",
        produce,
    )
    return SceneNarration(
        audio_path=entry.path,
        duration_sec=float(entry.meta["duration_sec"]),
        words=[WordTiming.model_validate(w) for w in entry.meta["words"]],
        cached=entry.cached,
    )


def narrate_scenes(
    provider: VoiceProvider,
    scenes: list[SceneSpec],
    voice: VoiceSpec,
    out_dir: Path,
    *,
    cache: RenderCache | None = None,
    pause_sec: float = 0.25,
    max_duration_sec: float = 30.0,
) -> NarrationResult:
    """Speak every scene, join them with `pause_sec` of silence after each, time everything."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = [
        _scene_narration(provider, scene, voice, cache=cache, work_dir=out_dir, index=index)
        for index, scene in enumerate(scenes)
    ]
    pcm_chunks: list[bytes] = []
    words: list[WordTiming] = []
    spans: list[tuple[float, float]] = []
    cursor_samples = 0
    for index, part in enumerate(parts):
        pcm, rate = _read_pcm(part.audio_path)
        if rate != NARRATION_SAMPLE_RATE:
            raise ProviderError(
                f"scene {index} narration is {rate} Hz, expected {NARRATION_SAMPLE_RATE}",
                scene_index=index,
                sample_rate=rate,
            )
        pause = round(pause_sec * rate)
        start = cursor_samples / rate
        pcm_chunks.extend((pcm, b"\0\0" * pause))
        cursor_samples += len(pcm) // 2 + pause
        end = cursor_samples / rate
        spans.append((round(start, 4), round(end, 4)))
        words.extend(
            WordTiming(word=w.word, start=round(start + w.start, 4), end=round(start + w.end, 4))
            for w in part.words
        )
    duration = cursor_samples / NARRATION_SAMPLE_RATE
    if duration > max_duration_sec:
        raise NarrationTooLongError(
            f"narration lasts {duration:.2f} s but the reel allows at most "
            f"{max_duration_sec:.2f} s; shorten the script",
            narration_sec=round(duration, 3),
            max_duration_sec=max_duration_sec,
            scene_durations=[round(e - s, 3) for s, e in spans],
        )
    joined = b"".join(pcm_chunks)
    audio_path = out_dir / "narration.wav"
    with tempfile.NamedTemporaryFile(dir=out_dir, suffix=".wav", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    with wave.open(str(tmp_path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(NARRATION_SAMPLE_RATE)
        handle.writeframes(joined)
    tmp_path.replace(audio_path)
    return NarrationResult(
        audio_path=audio_path,
        duration_sec=round(duration, 4),
        sample_rate=NARRATION_SAMPLE_RATE,
        provider="elevenlabs" if provider.name == "elevenlabs" else "espeak",
        voice_id=voice.voice_id,
        words=words,
        scene_spans=spans,
        scenes=parts,
        content_hash=hashlib.sha256(joined).hexdigest(),
    )
