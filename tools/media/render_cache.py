"""Content-addressed cache of prepared scene inputs (narration audio, visuals).

The key is a hash of exactly the inputs that change the output (text, voice settings, prompt,
palette, frame size, the bytes of a creator's file...), so a critic retry or an edited story
re-synthesises and re-draws only the scenes that changed; the rest are reused as-is.
Entries are written to a temporary name and renamed, so a crash never leaves a torn entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def content_hash(inputs: Mapping[str, Any]) -> str:
    """A stable sha256 of JSON-serialisable inputs (keys sorted, paths as strings)."""
    blob = json.dumps(inputs, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, streamed so large videos do not fill memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    """A cached file plus the metadata its producer returned."""

    path: Path
    meta: dict[str, Any]
    key: str
    cached: bool


class RenderCache:
    """A folder of `<kind>/<key><suffix>` files with `<key>.json` metadata beside them."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, kind: str, key: str, suffix: str) -> tuple[Path, Path]:
        folder = self.root / kind / key[:2]
        return folder / f"{key}{suffix}", folder / f"{key}.json"

    def get_or_create(
        self,
        kind: str,
        inputs: Mapping[str, Any],
        suffix: str,
        produce: Callable[[Path], dict[str, Any]],
    ) -> CacheEntry:
        """Return the cached file for `inputs`, calling `produce(tmp_path)` only on a miss.

        `produce` writes the file at the path it is given and returns JSON-serialisable
        metadata (durations, word timings, sizes) that is stored next to it.
        """
        key = content_hash({"kind": kind, **inputs})
        data_path, meta_path = self._paths(kind, key, suffix)
        if data_path.is_file() and meta_path.is_file():
            meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
            return CacheEntry(path=data_path, meta=meta, key=key, cached=True)
        data_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=data_path.parent)
        os.close(fd)
        tmp_path = Path(tmp_name)
        try:
            meta = produce(tmp_path)
            meta_tmp = tmp_path.with_suffix(".json.tmp")
            meta_tmp.write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
            tmp_path.replace(data_path)
            meta_tmp.replace(meta_path)
        finally:
            tmp_path.unlink(missing_ok=True)
            tmp_path.with_suffix(".json.tmp").unlink(missing_ok=True)
        return CacheEntry(path=data_path, meta=meta, key=key, cached=False)
