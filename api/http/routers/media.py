"""Media assets: upload (type and size limits, content sniffed by magic bytes, stored under a
server-chosen name in the caller's folder of the media store), list, get, download, delete."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile, status
from fastapi.responses import FileResponse, Response
from sqlalchemy import select

from api.http.deps import CallerDep, SessionDep, StateDep, rate_limited
from api.http.routers.content import strictly_owned
from api.http.schemas.resources import MediaAssetOut
from api.http.sniff import ALLOWED, sniff
from storage.enums import MediaAssetType
from storage.errors import InvalidValueError, NotFoundError
from storage.media import MediaAsset

router = APIRouter(prefix="/v1", tags=["media"])

CHUNK = 1024 * 1024
UploadType = Annotated[MediaAssetType, Form(description="What the file is for.")]


def _out(asset: MediaAsset) -> MediaAssetOut:
    meta = asset.metadata_json
    return MediaAssetOut(
        id=asset.id,
        type=str(asset.type),
        duration_ms=asset.duration_ms,
        resolution=asset.resolution,
        content_type=meta.get("content_type"),
        size_bytes=meta.get("size_bytes"),
        filename=meta.get("original_filename"),
        created_at=asset.created_at,
    )


def _safe_name(name: str | None) -> str | None:
    """The client's file name as metadata only: its last path part, printable, ≤ 200 chars."""
    if not name:
        return None
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")[:200]
    return cleaned or None


@router.post(
    "/media",
    response_model=MediaAssetOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(rate_limited("upload"))],
    summary="Upload a media asset (multipart: `type` and `file`)",
)
def upload_media(
    type: UploadType,
    file: Annotated[UploadFile, File(description="The file; its bytes decide its format.")],
    caller: CallerDep,
    session: SessionDep,
    state: StateDep,
) -> MediaAssetOut:
    allowed = ALLOWED.get(type)
    if allowed is None:
        raise InvalidValueError(
            "type", str(type), [t.value for t in ALLOWED], reason="made by the pipeline only"
        )
    head = file.file.read(64)
    sniffed = sniff(head)
    if sniffed is None or sniffed.content_type not in allowed:
        found = sniffed.content_type if sniffed else "an unrecognised format"
        raise InvalidValueError(
            "file", found, sorted(allowed), reason=f"content is not accepted for type {type}"
        )
    asset_id = uuid.uuid4()
    folder = state.media.user_dir(caller.user_id) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{asset_id}.{sniffed.extension}"
    limit = state.config.max_upload_bytes
    size = _copy_limited(file, head, target, limit)
    asset = MediaAsset(
        id=asset_id,
        user_id=caller.user_id,
        type=type,
        uri=state.media.uri_for(target),
        metadata_json={
            "content_type": sniffed.content_type,
            "size_bytes": size,
            "original_filename": _safe_name(file.filename),
            "source": "upload",
        },
    )
    session.add(asset)
    session.flush()
    return _out(asset)


def _copy_limited(file: UploadFile, head: bytes, target: Path, limit: int) -> int:
    size = len(head)
    try:
        with target.open("wb") as out:
            out.write(head)
            while chunk := file.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise InvalidValueError(
                        "file", f"{size}+ bytes", reason=f"larger than the {limit}-byte limit"
                    )
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size


@router.get("/media", response_model=list[MediaAssetOut], summary="Your media assets")
def list_media(
    caller: CallerDep,
    session: SessionDep,
    type: MediaAssetType | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[MediaAssetOut]:
    query = select(MediaAsset).where(MediaAsset.user_id == caller.user_id)
    if type is not None:
        query = query.where(MediaAsset.type == type)
    rows = session.scalars(query.order_by(MediaAsset.created_at.desc()).limit(limit))
    return [_out(a) for a in rows]


@router.get("/media/{asset_id}", response_model=MediaAssetOut, summary="One media asset")
def get_media(asset_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> MediaAssetOut:
    return _out(strictly_owned(session, MediaAsset, asset_id, caller.user_id))


@router.get(
    "/media/{asset_id}/content",
    summary="Download an asset's bytes (Range supported)",
    response_class=FileResponse,
)
def get_media_content(asset_id: uuid.UUID, caller: CallerDep, state: StateDep) -> FileResponse:
    with state.runtime.session_factory() as session:  # not held while the file streams
        asset = strictly_owned(session, MediaAsset, asset_id, caller.user_id)
    path = state.media.path_for(asset.uri)
    if not path.is_relative_to(state.media.user_dir(caller.user_id)) or not path.is_file():
        raise NotFoundError("MediaAsset file", asset_id)
    media_type = asset.metadata_json.get("content_type") or "application/octet-stream"
    return FileResponse(path, media_type=str(media_type))


@router.delete(
    "/media/{asset_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an asset"
)
def delete_media(
    asset_id: uuid.UUID, caller: CallerDep, session: SessionDep, state: StateDep
) -> Response:
    asset = strictly_owned(session, MediaAsset, asset_id, caller.user_id)
    path = state.media.path_for(asset.uri)
    session.delete(asset)
    session.flush()
    if path.is_relative_to(state.media.user_dir(caller.user_id)):
        path.unlink(missing_ok=True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
