"""The visual-provider protocol and the cached, per-scene preparation every provider shares.

Stills are normalised here to the reel's over-size canvas (`overscan_size`, 1.15× the output)
so the assembly graph only has to crop them for motion, which keeps the single ffmpeg pass
close to a bare encode. Scenes that name a creator's own file go to `AssetVisuals` whatever
the configured provider is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol

from PIL import Image, ImageOps

from tools.media.render_cache import RenderCache, file_sha256
from tools.media.spec import SceneSpec, SceneVisual, VisualKind, VisualStyle

#: Stills are prepared this much larger than the frame so pans never show an edge.
OVERSCAN = 1.15


_SOURCES: dict[str, Literal["card", "replicate", "asset"]] = {
    "cards": "card",
    "replicate": "replicate",
    "assets": "asset",
}


def overscan_size(frame: tuple[int, int]) -> tuple[int, int]:
    """Even-sized canvas `OVERSCAN` times the output frame."""
    width, height = frame
    over_w = round(width * OVERSCAN)
    over_h = round(height * OVERSCAN)
    return over_w - over_w % 2, over_h - over_h % 2


def save_still(image: Image.Image, frame: tuple[int, int], out_path: Path) -> tuple[int, int]:
    """Scale-and-crop `image` to cover the over-size canvas and save it as a fast PNG."""
    size = overscan_size(frame)
    fitted = ImageOps.fit(image.convert("RGB"), size, method=Image.Resampling.LANCZOS)
    fitted.save(out_path, format="PNG", compress_level=1)
    return size


class VisualProvider(Protocol):
    """A source of one visual per scene (drawn cards, Replicate, the creator's files)."""

    name: str

    def output_kind(self, scene: SceneSpec) -> VisualKind:
        """ "still" (prepared as an over-size PNG) or "clip" (an MP4 cut to the scene)."""
        ...

    def cache_inputs(
        self, scene: SceneSpec, index: int, style: VisualStyle, frame: tuple[int, int]
    ) -> dict[str, Any]:
        """Everything that changes this scene's visual."""
        ...

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
        """Write the visual at `out_path`; return its width and height."""
        ...


def prepare_visual(
    provider: VisualProvider,
    scene: SceneSpec,
    *,
    index: int,
    style: VisualStyle,
    frame: tuple[int, int],
    cache: RenderCache,
    min_duration_sec: float,
) -> SceneVisual:
    """The scene's visual from the cache, or made by `provider` and cached."""
    kind = provider.output_kind(scene)
    inputs = {"provider": provider.name, **provider.cache_inputs(scene, index, style, frame)}
    if kind == "clip":
        inputs["min_duration_sec"] = round(min_duration_sec, 2)

    def produce(tmp_path: Path) -> dict[str, Any]:
        width, height = provider.produce(
            scene, index, style, frame, tmp_path, min_duration_sec=min_duration_sec
        )
        return {"width": width, "height": height, "sha256": file_sha256(tmp_path)}

    entry = cache.get_or_create(
        f"visual-{provider.name}", inputs, ".png" if kind == "still" else ".mp4", produce
    )
    source = _SOURCES[provider.name]
    return SceneVisual(
        path=entry.path,
        kind=kind,
        source=source,
        style=style.style_preset,
        width=int(entry.meta["width"]),
        height=int(entry.meta["height"]),
        content_hash=str(entry.meta["sha256"]),
        cached=entry.cached,
    )
