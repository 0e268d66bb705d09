"""Offline narration: espeak-ng from the `espeakng-loader` wheel, driven through ctypes.

No system package is needed: the wheel bundles libespeak-ng and its data. Synthesis runs in
synchronous mode with a callback that collects the PCM samples and the word events, whose
`audio_position` gives each word's real start time, so captions follow the voice exactly.
libespeak-ng is process-global state, so every call is serialised behind one lock, and the
library is loaded on first use (never at import time).
"""

from __future__ import annotations

import ctypes
import threading
import wave
from pathlib import Path
from typing import Any

from tools.media.errors import ProviderError
from tools.media.spec import SceneNarration, VoiceSpec, WordTiming

SAMPLE_RATE = 22050

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_EE_OK = 0


class _EventId(ctypes.Union):
    _fields_ = (
        ("number", ctypes.c_int),
        ("name", ctypes.c_char_p),
        ("string", ctypes.c_char * 8),
    )


class _Event(ctypes.Structure):
    """`espeak_EVENT` from speak_lib.h."""

    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    )


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Engine:
    """The loaded library plus the buffers the current synthesis writes into."""

    def __init__(self) -> None:
        import espeakng_loader

        self.lib: Any = ctypes.CDLL(espeakng_loader.get_library_path())
        data_path: str = espeakng_loader.get_data_path()
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = (
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
        )
        rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
        if rate <= 0:
            raise ProviderError(
                f"espeak-ng failed to initialise with data at {data_path}", provider="espeak"
            )
        self.sample_rate = int(rate)
        self.lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        self.lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        self.lib.espeak_Synth.argtypes = (
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        )
        self.samples: list[bytes] = []
        self.word_events: list[tuple[int, int, int]] = []
        self._callback = _SynthCallback(self._on_synth)
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav: Any, count: int, events: Any) -> int:
        if count > 0 and wav:
            self.samples.append(ctypes.string_at(wav, count * 2))
        index = 0
        while events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == _EVENT_WORD:
                self.word_events.append((event.audio_position, event.text_position, event.length))
            index += 1
        return 0

    def synth(self, text: str, voice: str, rate_wpm: int, pitch: int) -> tuple[bytes, list[Any]]:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
            raise ProviderError(
                f"espeak voice {voice!r} is not available", provider="espeak", espeak_voice=voice
            )
        self.lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
        self.lib.espeak_SetParameter(_PARAM_PITCH, pitch, 0)
        self.lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
        self.samples = []
        self.word_events = []
        encoded = text.encode("utf-8") + b"\0"
        buffer = ctypes.create_string_buffer(encoded)
        status = self.lib.espeak_Synth(
            buffer, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        if status != _EE_OK:
            raise ProviderError(f"espeak_Synth failed with status {status}", provider="espeak")
        self.lib.espeak_Synchronize()
        return b"".join(self.samples), list(self.word_events)


_lock = threading.Lock()
_engine: _Engine | None = None


def _get_engine() -> _Engine:
    global _engine  # noqa: PLW0603 - one libespeak-ng per process, loaded on first use
    if _engine is None:
        _engine = _Engine()
    return _engine


def _words_from_events(
    text: str, events: list[tuple[int, int, int]], duration: float
) -> list[WordTiming]:
    """Turn word events (ms, 1-based char position, length) into [start, end) word timings."""
    raw = text.encode("utf-8")
    spans: list[tuple[float, str]] = []
    for audio_ms, text_pos, length in events:
        start_byte = max(text_pos - 1, 0)
        word = raw[start_byte : start_byte + length].decode("utf-8", errors="ignore").strip()
        if word:
            spans.append((audio_ms / 1000.0, word))
    words: list[WordTiming] = []
    for index, (start, word) in enumerate(spans):
        end = spans[index + 1][0] if index + 1 < len(spans) else duration
        words.append(WordTiming(word=word, start=round(start, 3), end=round(max(end, start), 3)))
    return words


class EspeakVoice:
    """The offline `VoiceProvider`: espeak-ng, deterministic and free."""

    name = "espeak"

    def cache_inputs(self, narration: str, voice: VoiceSpec) -> dict[str, Any]:
        return {"provider": self.name, "text": narration, "settings": self._settings(voice)}

    def _settings(self, voice: VoiceSpec) -> dict[str, Any]:
        settings = voice.settings
        espeak_voice = str(settings.get("espeak_voice", voice.voice_id))
        rate = int(settings.get("rate_wpm", 175))
        pitch = int(settings.get("pitch", 50))
        if not 80 <= rate <= 450:
            raise ProviderError(
                f"voice.settings.rate_wpm must be 80..450, got {rate}", field="rate_wpm"
            )
        if not 0 <= pitch <= 99:
            raise ProviderError(f"voice.settings.pitch must be 0..99, got {pitch}", field="pitch")
        return {"espeak_voice": espeak_voice, "rate_wpm": rate, "pitch": pitch}

    def synthesize_scene(self, narration: str, voice: VoiceSpec, out_path: Path) -> SceneNarration:
        """Speak one scene into a 22.05 kHz mono WAV at `out_path`."""
        settings = self._settings(voice)
        with _lock:
            engine = _get_engine()
            pcm, events = engine.synth(
                narration, settings["espeak_voice"], settings["rate_wpm"], settings["pitch"]
            )
            sample_rate = engine.sample_rate
        if not pcm:
            raise ProviderError(
                f"espeak produced no audio for narration {narration[:40]!r}", provider="espeak"
            )
        with wave.open(str(out_path), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(sample_rate)
            handle.writeframes(pcm)
        duration = len(pcm) / 2 / sample_rate
        return SceneNarration(
            audio_path=out_path,
            duration_sec=round(duration, 4),
            words=_words_from_events(narration, events, duration),
        )
