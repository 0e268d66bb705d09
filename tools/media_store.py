"""The media store: where blobs live, and the URIs the database keeps instead of them.

A folder by default. Records hold ``media://<user>/<path>`` URIs, never absolute paths, so the
folder can move (or become object storage) without rewriting rows, and a URI can only ever
resolve inside the store.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

SCHEME = "media://"


class MediaPathError(ValueError):
    """A URI or path points outside the media store."""


@dataclass(frozen=True)
class MediaStore:
    root: Path

    def user_dir(self, user_id: uuid.UUID) -> Path:
        return self.root.resolve() / str(user_id)

    def job_dir(self, user_id: uuid.UUID, job_id: uuid.UUID) -> Path:
        return self.user_dir(user_id) / "jobs" / str(job_id)

    def render_cache_dir(self, user_id: uuid.UUID) -> Path:
        """Per creator, so one tenant's cached scenes are never served to another."""
        return self.user_dir(user_id) / "render-cache"

    def uri_for(self, path: Path) -> str:
        root = self.root.resolve()
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            raise MediaPathError(f"{resolved} is not inside the media store {root}")
        return SCHEME + resolved.relative_to(root).as_posix()

    def path_for(self, uri: str) -> Path:
        if not uri.startswith(SCHEME):
            raise MediaPathError(f"not a media store URI: {uri!r}")
        root = self.root.resolve()
        path = (root / uri.removeprefix(SCHEME)).resolve()
        if not path.is_relative_to(root):
            raise MediaPathError(f"URI {uri!r} escapes the media store")
        return path
