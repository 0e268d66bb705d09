"""A minimal OpenAI-compatible server on 127.0.0.1 that answers as an LLM judge.

openai 2.x/3.x sends requests through its own httpx transport, so respx cannot intercept
them; a real loopback server exercises the real ``ChatOpenAI`` code path instead. It answers
``POST /v1/chat/completions`` with a JSON rubric as the message content (what structured
output parses), records every request body, and can be told to reply with malformed JSON.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def rubric_for(user_text: str) -> dict[str, Any]:
    """A deterministic rubric that reacts to the request: bare questions score a weak hook."""
    hook = 0.3 if "?" in user_text else 0.8
    return {
        "hook": {"score": hook, "reason": "open on a concrete number or event"},
        "pacing": {"score": 0.7, "reason": "keep every scene near the ideal pace"},
        "loop": {"score": 0.6, "reason": "echo the hook's key words in the last line"},
        "persona": {"score": 0.9, "reason": "n/a"},
    }


class FakeJudgeServer:
    """Run with ``with FakeJudgeServer() as server: ... server.base_url``."""

    def __init__(self, malformed: bool = False) -> None:
        self.malformed = malformed
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.end_headers()
                    return
                user_text = " ".join(
                    str(m.get("content", ""))
                    for m in body.get("messages", [])
                    if m.get("role") == "user"
                )
                content = "{not json" if server.malformed else json.dumps(rubric_for(user_text))
                payload = {
                    "id": f"chatcmpl-{len(server.requests)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model", "fake-judge"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 50, "completion_tokens": 40, "total_tokens": 90},
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FakeJudgeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
