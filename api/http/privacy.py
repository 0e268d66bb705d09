"""A user's data as a portable archive, and the erasure of all of it.

The export walks every table with a ``user_id`` column, so a table added later is exported
without anyone remembering to; encrypted columns and key hashes are left out (they are useless
outside this server and are secrets). Erasure deletes the user row (every owned row goes by
ON DELETE CASCADE, consent records included), the run checkpoints, the memory vectors, the
media folder and the local outbox packages.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import shutil
import tempfile
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from api.runtime import Runtime
from storage.base import Base
from storage.database import transaction
from storage.identity import User
from storage.orchestration import AgentRun
from storage.publishing import Post
from tools.media_store import MediaStore

log = logging.getLogger("twinreel.api.privacy")

SECRET_COLUMNS = ("key_hash",)


def _is_secret(column: str) -> bool:
    return column.endswith("_encrypted") or column in SECRET_COLUMNS


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return None
    return value


def _rows(session: Session, table: Table, user_id: uuid.UUID) -> list[dict[str, Any]]:
    key = table.c.id if table.name == "users" else table.c.user_id
    result = session.execute(select(table).where(key == user_id)).mappings()
    return [
        {name: _json(value) for name, value in row.items() if not _is_secret(name)}
        for row in result
    ]


def user_tables() -> list[Table]:
    import storage.models  # noqa: F401 - registers every table

    return [t for t in Base.metadata.sorted_tables if "user_id" in t.c or t.name == "users"]


def build_export(rt: Runtime, media: MediaStore, user_id: uuid.UUID) -> Path:
    """A zip in a temporary file: ``data/<table>.json`` per table, ``media/…`` files, a README."""
    fd, name = tempfile.mkstemp(prefix="twinreel-export-", suffix=".zip")
    os.close(fd)
    path = Path(name)
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with rt.session_factory() as session:
            for table in user_tables():
                rows = _rows(session, table, user_id)
                counts[table.name] = len(rows)
                archive.writestr(f"data/{table.name}.json", json.dumps(rows, indent=1))
        folder = media.user_dir(user_id)
        files = 0
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file() and not file.is_symlink() and "render-cache" not in file.parts:
                    archive.write(file, f"media/{file.relative_to(folder).as_posix()}")
                    files += 1
        archive.writestr(
            "README.json",
            json.dumps(
                {
                    "user_id": str(user_id),
                    "rows_per_table": counts,
                    "media_files": files,
                    "omitted": "encrypted columns (tokens, voice ids, twin configuration) and "
                    "API key hashes",
                },
                indent=1,
            ),
        )
    return path


def erase_user(rt: Runtime, media: MediaStore, user_id: uuid.UUID) -> dict[str, Any]:
    """Delete everything of ``user_id``; returns what went (counts, no content)."""
    with rt.session_factory() as session:
        run_ids = list(session.scalars(select(AgentRun.id).where(AgentRun.user_id == user_id)))
        outbox_keys = list(
            session.execute(
                select(Post.platform, Post.idempotency_key).where(Post.user_id == user_id)
            ).all()
        )
    checkpoints = 0
    with rt.checkpointer() as saver:
        for run_id in run_ids:
            saver.delete_thread(str(run_id))
            checkpoints += 1
    vectors = _drop_vectors(rt, user_id)
    with transaction(rt.session_factory) as session:
        user = session.get(User, user_id)
        if user is not None:
            session.delete(user)
    folder = media.user_dir(user_id)
    media_deleted = folder.is_dir()
    if media_deleted:
        shutil.rmtree(folder)
    outbox = rt.settings.resolved_outbox_dir.resolve()
    packages = 0
    for platform, key in outbox_keys:
        if not key:
            continue
        package = (outbox / str(platform) / key).resolve()
        if package.is_relative_to(outbox) and package.is_dir():
            shutil.rmtree(package)
            packages += 1
    return {
        "runs_checkpoints_deleted": checkpoints,
        "memory_collections_dropped": vectors,
        "media_folder_deleted": media_deleted,
        "outbox_packages_deleted": packages,
    }


def _drop_vectors(rt: Runtime, user_id: uuid.UUID) -> int:
    settings = rt.settings
    if not settings.chroma_url and not settings.resolved_chroma_path.exists():
        return 0
    from memory.embedders.factory import make_embedder
    from memory.index import open_memory_index

    index = open_memory_index(
        settings.resolved_chroma_path, settings.chroma_url, make_embedder("lexical")
    )
    return index.drop_user(user_id)
