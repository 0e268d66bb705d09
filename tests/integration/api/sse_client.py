"""Reading a Server-Sent Events stream from a TestClient response, event by event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Protocol


class LineStream(Protocol):
    def iter_lines(self) -> Iterator[str]: ...


def read_events(response: LineStream) -> Iterator[tuple[str, dict[str, Any]]]:
    """(event name, data) for each event; comments (keep-alives) are skipped."""
    name, data = "message", ""
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data += line.removeprefix("data: ")
        elif line == "" and data:
            yield name, json.loads(data)
            name, data = "message", ""
