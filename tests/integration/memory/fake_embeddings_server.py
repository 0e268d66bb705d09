"""A minimal OpenAI-compatible ``/v1/embeddings`` server on 127.0.0.1 for embedder tests.

Vectors come from the lexical embedder at the requested size, so similarity behaves like a real
(if simple) model; the response lists items in reverse order to prove clients sort by ``index``.
Every request is recorded for assertions.
"""

from __future__ import annotations

import base64
import json
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from memory.embedders import LexicalEmbedder

API_KEY = "sk-fake-embeddings"
MODEL_DIMS = {"text-embedding-3-small": 1536, "fake-embed": 48}


@dataclass
class FakeEmbeddings:
    base_url: str
    requests: list[dict[str, Any]] = field(default_factory=list)


def _encode(vector: list[float], as_base64: bool) -> list[float] | str:
    """Floats, or base64 of little-endian float32 as the real API sends for ``base64``."""
    if not as_base64:
        return vector
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")


@contextmanager
def fake_embeddings_server() -> Iterator[FakeEmbeddings]:
    state = FakeEmbeddings(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
            state.requests.append({"path": self.path, "body": body})
            if self.path != "/v1/embeddings":
                self._reply(404, {"error": {"message": f"no route {self.path}"}})
                return
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                self._reply(
                    401, {"error": {"message": "Incorrect API key provided", "type": "auth"}}
                )
                return
            model = body.get("model")
            if model not in MODEL_DIMS:
                self._reply(404, {"error": {"message": f"model {model!r} does not exist"}})
                return
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            dims = int(body.get("dimensions") or MODEL_DIMS[model])
            embedder = LexicalEmbedder(dims=dims)
            as_base64 = body.get("encoding_format") == "base64"  # the SDK's default
            data = [
                {
                    "object": "embedding",
                    "index": i,
                    "embedding": _encode(embedder.embed_query(text), as_base64),
                }
                for i, text in enumerate(inputs)
            ]
            self._reply(
                200,
                {
                    "object": "list",
                    "model": model,
                    "data": list(reversed(data)),
                    "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)},
                },
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
