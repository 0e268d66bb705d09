"""A local imitation of Replicate's predictions API plus a file host for its outputs.

`POST /v1/models/{owner}/{name}/predictions` creates a prediction that reports `starting`,
then `processing` on the next `GET /v1/predictions/{id}`, then `succeeded` with an output URL
on this same server (so the SDK really polls and the provider really downloads). Image
models get a PNG drawn from the prompt; models listed in `video_models` get an MP4 made with
ffmpeg lasting the requested `duration`. Tests can make a model fail or return a broken file.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

_CREATE = re.compile(r"^/v1/models/([^/]+)/([^/]+)/predictions$")
_GET = re.compile(r"^/v1/predictions/([^/]+)$")
_FILE = re.compile(r"^/files/([^/]+)$")
_SIZES = {"9:16": (576, 1024), "1:1": (768, 768), "4:5": (640, 800), "16:9": (1024, 576)}


@dataclass
class Prediction:
    id: str
    model: str
    input: dict[str, Any]
    polls: int = 0
    output_name: str | None = None


@dataclass
class ReplicateState:
    api_token: str = "r8_test_token"
    video_models: set[str] = field(default_factory=set)
    failing_models: dict[str, str] = field(default_factory=dict)
    broken_output_models: set[str] = field(default_factory=set)
    video_duration_override: float | None = None
    predictions: dict[str, Prediction] = field(default_factory=dict)
    created: list[Prediction] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count[int] = field(default_factory=itertools.count)


def _png_for(prompt: str, aspect: str) -> bytes:
    width, height = _SIZES.get(aspect, (768, 768))
    digest = hashlib.sha256(prompt.encode()).digest()
    image = Image.new("RGB", (width, height), (digest[0], digest[1], digest[2]))
    draw = ImageDraw.Draw(image)
    for k in range(6):
        x, y = digest[3 + k] * width // 256, digest[9 + k] * height // 256
        draw.ellipse((x - 60, y - 60, x + 60, y + 60), fill=(digest[15 + k], 200, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _mp4_for(seconds: float, aspect: str) -> bytes:
    import imageio_ffmpeg

    width, height = _SIZES.get(aspect, (768, 768))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "clip.mp4"
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"testsrc2=size={width // 2}x{height // 2}:rate=30:duration={seconds}",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                str(out),
            ],
            check=True,
            timeout=60,
        )
        return out.read_bytes()


def _handler(state: ReplicateState, base_url: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, data: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self, status: int, payload: Any) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json")

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {state.api_token}":
                self._json(401, {"title": "Unauthenticated", "detail": "bad token", "status": 401})
                return False
            return True

        def _view(self, prediction: Prediction) -> dict[str, Any]:
            failure = state.failing_models.get(prediction.model)
            if prediction.polls == 0:
                status, output, error = "starting", None, None
            elif prediction.polls == 1:
                status, output, error = "processing", None, None
            elif failure is not None:
                status, output, error = "failed", None, failure
            else:
                status, error = "succeeded", None
                output = [f"{base_url[0]}/files/{self._output(prediction)}"]
            return {
                "id": prediction.id,
                "model": prediction.model,
                "version": "fake-version",
                "status": status,
                "input": prediction.input,
                "output": output,
                "error": error,
                "logs": "",
                "metrics": {},
                "created_at": "2026-01-01T00:00:00Z",
                "urls": {
                    "get": f"{base_url[0]}/v1/predictions/{prediction.id}",
                    "cancel": f"{base_url[0]}/v1/predictions/{prediction.id}/cancel",
                },
            }

        def _output(self, prediction: Prediction) -> str:
            if prediction.output_name is None:
                aspect = str(prediction.input.get("aspect_ratio", "1:1"))
                if prediction.model in state.broken_output_models:
                    blob, kind, suffix = b"this is not an image", "image/png", "png"
                elif prediction.model in state.video_models:
                    seconds = state.video_duration_override or float(
                        prediction.input.get("duration", 5)
                    )
                    blob, kind, suffix = _mp4_for(seconds, aspect), "video/mp4", "mp4"
                else:
                    prompt = str(prediction.input.get("prompt", ""))
                    blob, kind, suffix = _png_for(prompt, aspect), "image/png", "png"
                name = f"{prediction.id}.{suffix}"
                state.files[name] = (blob, kind)
                prediction.output_name = name
            return prediction.output_name

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}") if length else {}
            match = _CREATE.match(parts.path)
            if not match:
                self._json(404, {"detail": "not found", "status": 404})
                return
            if not self._authorised():
                return
            with state.lock:
                prediction = Prediction(
                    id=f"pred{next(state.counter):04d}",
                    model=f"{match.group(1)}/{match.group(2)}",
                    input=dict(body.get("input") or {}),
                )
                state.predictions[prediction.id] = prediction
                state.created.append(prediction)
                view = self._view(prediction)
            self._json(201, view)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            file_match = _FILE.match(parts.path)
            if file_match:
                with state.lock:
                    found = state.files.get(file_match.group(1))
                    state.downloads.append(file_match.group(1))
                if found is None:
                    self._json(404, {"detail": "no such file"})
                else:
                    self._send(200, found[0], found[1])
                return
            match = _GET.match(parts.path)
            if not match:
                self._json(404, {"detail": "not found", "status": 404})
                return
            if not self._authorised():
                return
            with state.lock:
                prediction = state.predictions.get(match.group(1))
                if prediction is not None:
                    prediction.polls += 1
                    view = self._view(prediction)
            if prediction is None:
                self._json(404, {"detail": "prediction not found", "status": 404})
                return
            self._json(200, view)

    return Handler


class FakeReplicate:
    """Run with `with FakeReplicate() as fake:`; point the SDK at `fake.base_url`."""

    def __init__(self) -> None:
        self.state = ReplicateState()
        self._base: list[str] = [""]
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state, self._base))
        host, port = self._server.server_address[:2]
        self._base[0] = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return self._base[0]

    def __enter__(self) -> FakeReplicate:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
