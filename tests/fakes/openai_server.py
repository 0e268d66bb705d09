"""A local OpenAI-compatible server for driving the real openai SDK / ChatOpenAI in tests.

``POST /v1/chat/completions`` answers from a queue of scripted items (canned replies and
faults) and, when the queue is empty and ``smart`` is on, with a valid reply for whatever was
asked: the request's messages are handed to the offline writer, so a forced function call gets
schema-valid arguments, offered tools get called, and a ``json_schema`` response format gets
JSON content. ``POST /v1/embeddings`` returns deterministic hashed bag-of-words vectors (float
or base64, as the SDK asks). ``GET /v1/models`` lists one model.

Like the real API it rejects a conversation where an assistant ``tool_calls`` message is not
followed by a tool message for every call id (400), so repair loops are checked for that too.

Faults: ``rate_limit`` (429 + retry-after), ``server_error`` (500), ``timeout`` (answers after
``delay_s``), ``malformed_body`` (200 with a body that is not JSON), ``invalid_schema`` (a
well-formed reply whose arguments miss a required field), ``bad_arguments`` (function
arguments that are not JSON).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import math
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import pytest
from langchain_core.messages import AIMessage, BaseMessage
from langchain_openai.chat_models.base import _convert_dict_to_message

from tools.llm.offline.model import answer, structured_answer

FaultKind = Literal[
    "rate_limit", "server_error", "timeout", "malformed_body", "invalid_schema", "bad_arguments"
]
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass
class CannedReply:
    """One scripted assistant reply: text, function calls, or both."""

    content: str | None = None
    tool_calls: list[dict[str, Any]] | None = None  # [{"name": ..., "arguments": dict | str}]
    prompt_tokens: int = 11
    completion_tokens: int = 7


@dataclass
class Fault:
    """One scripted failure (see the module docstring for the kinds)."""

    kind: FaultKind
    retry_after_s: float = 0.01
    delay_s: float = 2.0


@dataclass
class RecordedRequest:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 0


@dataclass
class _State:
    smart: bool
    embedding_dim: int
    script: deque[CannedReply | Fault] = field(default_factory=deque)
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    closing: threading.Event = field(default_factory=threading.Event)


def embed_text(text: str, dim: int) -> list[float]:
    """A deterministic unit vector: hashed words and word pairs, so similar texts are close."""
    vector = [0.0] * dim
    tokens = _TOKEN.findall(text.lower())
    features = tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    for feature in features or [""]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "little") % dim
        vector[index] += 1.0 if digest[4] % 2 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _lc_messages(raw: list[dict[str, Any]]) -> list[BaseMessage]:
    return [_convert_dict_to_message(message) for message in raw]


def _unanswered_tool_calls(messages: list[dict[str, Any]]) -> list[str]:
    """Call ids of assistant tool calls with no tool message before the next other turn."""
    missing: list[str] = []
    pending: set[str] = set()
    for message in messages:
        role = message.get("role")
        if role == "tool":
            pending.discard(str(message.get("tool_call_id")))
            continue
        missing.extend(sorted(pending))
        pending = set()
        if role == "assistant":
            pending = {str(call.get("id")) for call in message.get("tool_calls") or []}
    return missing + sorted(pending)


def _openai_tool_calls(message: AIMessage) -> list[dict[str, Any]]:
    return [
        {
            "id": call.get("id") or f"call_{index}",
            "type": "function",
            "function": {"name": call["name"], "arguments": json.dumps(call["args"])},
        }
        for index, call in enumerate(message.tool_calls)
    ]


class FakeOpenAIServer:
    """The server, its script and its request log. Use :func:`running_fake_openai`."""

    def __init__(self, *, smart: bool = True, embedding_dim: int = 64) -> None:
        self.state = _State(smart=smart, embedding_dim=embedding_dim)
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._json(
                        200,
                        {
                            "object": "list",
                            "data": [{"id": "gpt-4.1-mini", "object": "model", "owned_by": "fake"}],
                        },
                    )
                else:
                    self._json(404, _error(f"no route {self.path}", "not_found"))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._json(400, _error("request body is not JSON", "invalid_request_error"))
                    return
                record = RecordedRequest(self.path, body, dict(self.headers.items()))
                with state.lock:
                    state.requests.append(record)
                if self.path == "/v1/chat/completions":
                    status, payload, headers = _chat(state, body)
                elif self.path == "/v1/embeddings":
                    status, embedded = _embeddings(state, body)
                    payload, headers = embedded, {}
                else:
                    status, payload, headers = 404, _error(f"no route {self.path}"), {}
                record.status = status
                if isinstance(payload, bytes):
                    self._send(status, payload, headers)
                else:
                    self._json(status, payload, headers)

            def _json(
                self, status: int, payload: Any, headers: dict[str, str] | None = None
            ) -> None:
                self._send(status, json.dumps(payload).encode(), headers or {})

            def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                # The client may have given up already (timeout tests).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # -- scripting -----------------------------------------------------------------------
    def enqueue(self, *items: CannedReply | Fault) -> None:
        with self.state.lock:
            self.state.script.extend(items)

    def reply_text(self, content: str) -> None:
        self.enqueue(CannedReply(content=content))

    def reply_call(self, name: str, arguments: dict[str, Any] | str) -> None:
        self.enqueue(CannedReply(tool_calls=[{"name": name, "arguments": arguments}]))

    def fail(self, kind: FaultKind, **options: float) -> None:
        self.enqueue(Fault(kind, **options))

    @property
    def smart(self) -> bool:
        return self.state.smart

    @smart.setter
    def smart(self, value: bool) -> None:
        self.state.smart = value

    # -- assertions ----------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return list(self.state.requests)

    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    @property
    def pending(self) -> int:
        with self.state.lock:
            return len(self.state.script)


def _error(
    message: str, kind: str = "invalid_request_error", code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def _chat(
    state: _State, body: dict[str, Any]
) -> tuple[int, dict[str, Any] | bytes, dict[str, str]]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return 400, _error("'messages' must be a non-empty array"), {}
    missing = _unanswered_tool_calls(messages)
    if missing:
        return (
            400,
            _error(
                "An assistant message with 'tool_calls' must be followed by tool messages "
                f"responding to each 'tool_call_id'. Missing: {', '.join(missing)}"
            ),
            {},
        )
    with state.lock:
        item = state.script.popleft() if state.script else None
    if isinstance(item, Fault):
        if item.kind == "rate_limit":
            return (
                429,
                _error("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
                _retry_headers(item),
            )
        if item.kind == "server_error":
            return (
                500,
                _error("The server had an error while processing your request.", "server_error"),
                _retry_headers(item),
            )
        if item.kind == "malformed_body":
            return 200, b'{"id": "chatcmpl-broken", "choices": [', {}
        if item.kind == "timeout":
            state.closing.wait(item.delay_s)
            return 200, _smart_reply(state, body), {}
        reply = _smart_reply(state, body)
        return 200, _corrupt(reply, body, bad_json=item.kind == "bad_arguments"), {}
    if isinstance(item, CannedReply):
        return 200, _canned(state, body, item), {}
    if not state.smart:
        return 500, _error("fake OpenAI server: no scripted reply left", "server_error"), {}
    return 200, _smart_reply(state, body), {}


def _retry_headers(fault: Fault) -> dict[str, str]:
    return {
        "retry-after-ms": str(max(1, int(fault.retry_after_s * 1000))),
        "retry-after": str(max(1, math.ceil(fault.retry_after_s))),
    }


def _completion(
    state: _State,
    body: dict[str, Any],
    message: dict[str, Any],
    prompt_tokens: int,
    completion_tokens: int,
) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-fake-{next(state.counter)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "gpt-4.1-mini"),
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if message.get("tool_calls") else "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _canned(state: _State, body: dict[str, Any], item: CannedReply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": item.content}
    if item.tool_calls:
        message["tool_calls"] = [
            {
                "id": f"call_canned_{next(state.counter)}",
                "type": "function",
                "function": {
                    "name": call["name"],
                    "arguments": call["arguments"]
                    if isinstance(call["arguments"], str)
                    else json.dumps(call["arguments"]),
                },
            }
            for call in item.tool_calls
        ]
    return _completion(state, body, message, item.prompt_tokens, item.completion_tokens)


def _smart_reply(state: _State, body: dict[str, Any]) -> dict[str, Any]:
    """A valid answer to whatever was asked, written by the offline writer."""
    messages = _lc_messages(body["messages"])
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema") or {}
        content = json.dumps(
            structured_answer(str(spec.get("name", "")), spec.get("schema") or {}, messages)
        )
        reply = AIMessage(content=content)
        usage: dict[str, Any] = {
            "input_tokens": len(json.dumps(body)) // 4,
            "output_tokens": len(content) // 4,
        }
    else:
        reply = answer(messages, body.get("tools"), body.get("tool_choice"))
        usage = {**(reply.usage_metadata or {})}
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    if reply.tool_calls:
        message["tool_calls"] = _openai_tool_calls(reply)
    return _completion(
        state,
        body,
        message,
        int(usage.get("input_tokens", 1)),
        max(1, int(usage.get("output_tokens", 1))),
    )


def _corrupt(reply: dict[str, Any], body: dict[str, Any], *, bad_json: bool) -> dict[str, Any]:
    """The same reply with arguments that break the schema (or are not JSON at all)."""
    message = reply["choices"][0]["message"]
    calls = message.get("tool_calls") or []
    if calls:
        function = calls[0]["function"]
        if bad_json:
            function["arguments"] = function["arguments"][: len(function["arguments"]) // 2]
        else:
            function["arguments"] = json.dumps(_drop_required(json.loads(function["arguments"])))
    elif message.get("content"):
        text = message["content"]
        if bad_json:
            message["content"] = text[: len(text) // 2]
        else:
            try:
                message["content"] = json.dumps(_drop_required(json.loads(text)))
            except ValueError:  # a plain-text answer has no schema to break; break its shape
                message["content"] = json.dumps({"unexpected_field": text[:40]})
    return reply


def _drop_required(arguments: dict[str, Any]) -> dict[str, Any]:
    broken = dict(arguments)
    if broken:
        broken.pop(next(iter(broken)))
    broken["unexpected_field"] = "not in the schema"
    return broken


def _embeddings(state: _State, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    raw = body.get("input")
    inputs: list[Any] = raw if isinstance(raw, list) else [raw]
    if not inputs or any(item is None for item in inputs):
        return 400, _error("'input' is required")
    texts = [
        item
        if isinstance(item, str)
        else " ".join(map(str, item if isinstance(item, list) else [item]))
        for item in inputs
    ]
    dim = int(body.get("dimensions") or state.embedding_dim)
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(texts):
        vector = embed_text(text, dim)
        embedding: Any = (
            base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode() if as_base64 else vector
        )
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    tokens = sum(len(_TOKEN.findall(t.lower())) for t in texts)
    return 200, {
        "object": "list",
        "data": data,
        "model": body.get("model", "text-embedding-3-small"),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


@contextmanager
def running_fake_openai(
    *, smart: bool = True, embedding_dim: int = 64
) -> Iterator[FakeOpenAIServer]:
    """A started server on a random loopback port, stopped on exit."""
    server = FakeOpenAIServer(smart=smart, embedding_dim=embedding_dim).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_openai_server() -> Iterator[FakeOpenAIServer]:
    """Import into a conftest (``from tests.fakes.openai_server import fake_openai_server``)."""
    with running_fake_openai() as server:
        yield server
