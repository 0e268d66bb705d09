"""A local HTTP server serving RSS/Atom documents the test puts on it (and failures on demand)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FeedServer:
    """``with FeedServer() as feeds: feeds.put("/news.rss", xml)``; ``feeds.url("/news.rss")``."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[int, str, bytes]] = {}
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> FeedServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with fake._lock:
                    fake.hits[self.path] = fake.hits.get(self.path, 0) + 1
                    status, ctype, body = fake.documents.get(
                        self.path, (404, "text/plain", b"not found")
                    )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                del format, args

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def put(
        self, path: str, body: str, *, status: int = 200, content_type: str = "application/xml"
    ) -> None:
        with self._lock:
            self.documents[path] = (status, content_type, body.encode())

    def url(self, path: str) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"
