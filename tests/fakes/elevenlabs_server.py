"""A local imitation of ElevenLabs' text-to-speech-with-timestamps endpoint.

It answers `POST /v1/text-to-speech/{voice_id}/with-timestamps?output_format=pcm_<rate>` the
way the real API does: JSON with `audio_base64` and a character `alignment` (characters,
start and end seconds). The audio is a real waveform whose length follows the text (a short
tone per letter, silence per space), so durations and timings are checkable. It checks the
`xi-api-key` header, knows a fixed set of voices, records every request and can be told to fail.
"""

from __future__ import annotations

import base64
import json
import math
import re
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CHAR_SEC = 0.055
SPACE_SEC = 0.04
_PATH = re.compile(r"^/v1/text-to-speech/([^/]+)/with-timestamps$")


@dataclass
class TtsRequest:
    voice_id: str
    query: dict[str, str]
    body: dict[str, Any]
    api_key: str | None


@dataclass
class ElevenLabsState:
    api_key: str = "test-eleven-key"
    voices: set[str] = field(default_factory=lambda: {"voice-creator-clone", "voice-stock"})
    requests: list[TtsRequest] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def synth_pcm(text: str, rate: int) -> tuple[bytes, list[str], list[float], list[float]]:
    """Deterministic speech-like PCM plus per-character timings."""
    samples: list[int] = []
    chars: list[str] = []
    starts: list[float] = []
    ends: list[float] = []
    clock = 0.0
    for index, char in enumerate(text):
        span = SPACE_SEC if char.isspace() else CHAR_SEC
        count = round(span * rate)
        freq = 180 + (ord(char) % 40) * 6
        for k in range(count):
            if char.isspace():
                samples.append(0)
            else:
                envelope = math.sin(math.pi * k / count)
                samples.append(int(9000 * envelope * math.sin(2 * math.pi * freq * k / rate)))
        chars.append(char)
        starts.append(round(clock, 3))
        clock += count / rate
        ends.append(round(clock, 3))
        del index
    return struct.pack(f"<{len(samples)}h", *samples), chars, starts, ends


def _handler(state: ElevenLabsState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _json(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            match = _PATH.match(parts.path)
            if not match:
                self._json(404, {"detail": {"status": "not_found", "message": parts.path}})
                return
            voice_id = match.group(1)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            body = json.loads(raw or b"{}")
            api_key = self.headers.get("xi-api-key")
            with state.lock:
                state.requests.append(TtsRequest(voice_id, query, body, api_key))
                forced = state.fail_next.pop(0) if state.fail_next else None
            if forced is not None:
                self._json(forced, {"detail": {"status": "forced_failure"}})
                return
            if api_key != state.api_key:
                self._json(401, {"detail": {"status": "invalid_api_key"}})
                return
            if voice_id not in state.voices:
                self._json(404, {"detail": {"status": "voice_not_found", "voice_id": voice_id}})
                return
            text = str(body.get("text") or "")
            if not text.strip():
                self._json(422, {"detail": [{"loc": ["body", "text"], "msg": "empty text"}]})
                return
            output_format = query.get("output_format", "mp3_44100_128")
            if not output_format.startswith("pcm_"):
                self._json(422, {"detail": {"status": "fake_supports_pcm_only"}})
                return
            rate = int(output_format.split("_")[1])
            pcm, chars, starts, ends = synth_pcm(text, rate)
            alignment = {
                "characters": chars,
                "character_start_times_seconds": starts,
                "character_end_times_seconds": ends,
            }
            self._json(
                200,
                {
                    "audio_base64": base64.b64encode(pcm).decode(),
                    "alignment": alignment,
                    "normalized_alignment": alignment,
                },
            )

    return Handler


class FakeElevenLabs:
    """Run with `with FakeElevenLabs() as fake:`; point the SDK at `fake.base_url`."""

    def __init__(self) -> None:
        self.state = ElevenLabsState()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeElevenLabs:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
