"""Real narration: ElevenLabs through its official SDK, with character timestamps.

`text_to_speech.convert_with_timestamps` returns base64 audio plus each character's start and
end time; words are rebuilt from those characters, so captions follow the real voice. Audio is
requested as raw 22.05 kHz PCM (available on every plan) so no decoder is needed before the
WAV is written. The client is built on first use from the explicit key and base URL this
provider is given (only `api/` reads settings), never at import time.
"""

from __future__ import annotations

import base64
import wave
from pathlib import Path
from typing import Any

from tools.media.errors import ProviderError
from tools.media.spec import SceneNarration, VoiceSpec, WordTiming

OUTPUT_FORMAT = "pcm_22050"
SAMPLE_RATE = 22050
DEFAULT_MODEL = "eleven_multilingual_v2"
_VOICE_SETTING_KEYS = ("stability", "similarity_boost", "style", "speed", "use_speaker_boost")


def words_from_alignment(
    characters: list[str], starts: list[float], ends: list[float]
) -> list[WordTiming]:
    """Group character timings into words (split on whitespace, punctuation kept)."""
    words: list[WordTiming] = []
    current = ""
    word_start = 0.0
    word_end = 0.0
    for char, start, end in zip(characters, starts, ends, strict=False):
        if char.isspace():
            if current:
                words.append(WordTiming(word=current, start=word_start, end=word_end))
                current = ""
            continue
        if not current:
            word_start = start
        current += char
        word_end = end
    if current:
        words.append(WordTiming(word=current, start=word_start, end=word_end))
    return [w for w in words if any(c.isalnum() for c in w.word)]


class ElevenLabsVoice:
    """The real `VoiceProvider`; `base_url` points it at a proxy or a local fake in tests."""

    name = "elevenlabs"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        model_id: str = DEFAULT_MODEL,
        timeout_sec: float = 120.0,
    ) -> None:
        self._api_key = api_key
        self._base_url = base_url
        self._model_id = model_id
        self._timeout = timeout_sec
        self._client: Any = None

    def _sdk(self) -> Any:
        if self._client is None:
            from elevenlabs.client import ElevenLabs

            self._client = ElevenLabs(
                api_key=self._api_key, base_url=self._base_url, timeout=self._timeout
            )
        return self._client

    def _model(self, voice: VoiceSpec) -> str:
        return str(voice.settings.get("model_id", self._model_id))

    def cache_inputs(self, narration: str, voice: VoiceSpec) -> dict[str, Any]:
        return {
            "provider": self.name,
            "text": narration,
            "model_id": self._model(voice),
            "settings": {k: voice.settings[k] for k in _VOICE_SETTING_KEYS if k in voice.settings},
        }

    def synthesize_scene(self, narration: str, voice: VoiceSpec, out_path: Path) -> SceneNarration:
        """Speak one scene with the twin's ElevenLabs voice into a 22.05 kHz mono WAV."""
        from elevenlabs import VoiceSettings
        from elevenlabs.core.api_error import ApiError

        settings = {k: voice.settings[k] for k in _VOICE_SETTING_KEYS if k in voice.settings}
        try:
            response = self._sdk().text_to_speech.convert_with_timestamps(
                voice.voice_id,
                text=narration,
                model_id=self._model(voice),
                output_format=OUTPUT_FORMAT,
                voice_settings=VoiceSettings(**settings) if settings else None,
            )
        except ApiError as exc:
            raise ProviderError(
                f"ElevenLabs text-to-speech failed for voice {voice.voice_id!r}: "
                f"HTTP {exc.status_code} {str(exc.body)[:200]}",
                provider="elevenlabs",
                voice_id=voice.voice_id,
                status_code=exc.status_code,
            ) from exc
        except Exception as exc:  # transport errors from httpx
            raise ProviderError(
                f"ElevenLabs unreachable for voice {voice.voice_id!r}: {exc}",
                provider="elevenlabs",
                voice_id=voice.voice_id,
            ) from exc
        pcm = base64.b64decode(response.audio_base_64)
        if len(pcm) < 2:
            raise ProviderError(
                f"ElevenLabs returned no audio for voice {voice.voice_id!r}",
                provider="elevenlabs",
                voice_id=voice.voice_id,
            )
        pcm = pcm[: len(pcm) - len(pcm) % 2]
        with wave.open(str(out_path), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(SAMPLE_RATE)
            handle.writeframes(pcm)
        duration = len(pcm) / 2 / SAMPLE_RATE
        alignment = response.alignment or response.normalized_alignment
        words = (
            words_from_alignment(
                list(alignment.characters),
                list(alignment.character_start_times_seconds),
                list(alignment.character_end_times_seconds),
            )
            if alignment is not None
            else []
        )
        return SceneNarration(
            audio_path=out_path,
            duration_sec=round(duration, 4),
            words=[w for w in words if w.start < duration],
        )
