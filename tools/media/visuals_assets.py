"""The creator's own raw_photo/raw_video files as scene visuals.

Files are checked before any encode so a bad one fails the render with a cause that names it:
missing, not an image Pillow can read, or a video shorter than the scene it must cover.
Photos are normalised to the over-size canvas like any still; videos are passed through as
clips (the assembly crops, scales and cuts them in its single pass).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from tools.media.errors import (
    FfmpegError,
    MissingAssetError,
    UnreadableImageError,
    VideoTooShortError,
)
from tools.media.ffmpeg_binary import probe_media
from tools.media.render_cache import file_sha256
from tools.media.spec import SceneSpec, VisualKind, VisualStyle
from tools.media.visuals import save_still

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"})


def _asset(scene: SceneSpec) -> Path:
    if scene.asset_path is None:
        raise MissingAssetError("scene has no asset_path", field="asset_path")
    path = scene.asset_path
    if not path.is_file():
        raise MissingAssetError(
            f"asset_path {str(path)!r} does not exist or is not a file",
            field="asset_path",
            asset_path=str(path),
            scene_purpose=scene.purpose,
        )
    return path


class AssetVisuals:
    """A `VisualProvider` for scenes that name a creator's file (`SceneSpec.asset_path`)."""

    name = "assets"

    def output_kind(self, scene: SceneSpec) -> VisualKind:
        return "clip" if _asset(scene).suffix.lower() in VIDEO_SUFFIXES else "still"

    def cache_inputs(
        self, scene: SceneSpec, index: int, style: VisualStyle, frame: tuple[int, int]
    ) -> dict[str, Any]:
        path = _asset(scene)
        return {"file_sha256": file_sha256(path), "suffix": path.suffix.lower(), "frame": frame}

    def produce(
        self,
        scene: SceneSpec,
        index: int,
        style: VisualStyle,
        frame: tuple[int, int],
        out_path: Path,
        *,
        min_duration_sec: float,
    ) -> tuple[int, int]:
        path = _asset(scene)
        if self.output_kind(scene) == "clip":
            return self._clip(path, out_path, min_duration_sec)
        try:
            with Image.open(path) as image:
                image.load()
                return save_still(image, frame, out_path)
        except (UnidentifiedImageError, OSError) as exc:
            raise UnreadableImageError(
                f"asset_path {str(path)!r} is not a readable image: {exc}",
                field="asset_path",
                asset_path=str(path),
            ) from exc

    def _clip(self, path: Path, out_path: Path, min_duration_sec: float) -> tuple[int, int]:
        try:
            probe = probe_media(path)
        except FfmpegError as exc:
            raise MissingAssetError(
                f"asset_path {str(path)!r} is not a readable video",
                field="asset_path",
                asset_path=str(path),
            ) from exc
        if not probe.has_video or probe.width is None or probe.height is None:
            raise MissingAssetError(
                f"asset_path {str(path)!r} has no video stream",
                field="asset_path",
                asset_path=str(path),
            )
        if probe.duration_sec is None or probe.duration_sec + 0.02 < min_duration_sec:
            raise VideoTooShortError(
                f"video asset {str(path)!r} lasts {probe.duration_sec or 0:.2f} s but its scene "
                f"needs {min_duration_sec:.2f} s",
                field="asset_path",
                asset_path=str(path),
                video_sec=probe.duration_sec,
                scene_sec=round(min_duration_sec, 3),
            )
        shutil.copyfile(path, out_path)
        return probe.width, probe.height
