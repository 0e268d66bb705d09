"""`render_reel`: the one call the graph's media node makes to turn a story into a reel.

Order matters for cost and for clean failures: consent and font first (free checks), then
narration (it fixes every scene's length), then visuals (asset files are validated against
those lengths), then the single ffmpeg pass and the thumbnail. Any failure raises a
`RenderError` whose `to_error_json()` goes into `RenderJob.error_json`; the reel file only
appears, by rename, once ffmpeg has succeeded.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from tools.media.assemble import (
    FPS,
    REQUIRED_FILTERS,
    AssemblyInputs,
    build_command,
    extract_frame,
    run_ffmpeg,
    stage_font_dir,
)
from tools.media.captions_ass import CaptionStyle, build_ass
from tools.media.consent import check_consent
from tools.media.errors import MissingAssetError
from tools.media.ffmpeg_binary import probe_media, require_filters
from tools.media.fonts import resolve_font
from tools.media.narration import VoiceProvider, narrate_scenes
from tools.media.render_cache import RenderCache, file_sha256
from tools.media.spec import (
    ConsentGrants,
    ReelSpec,
    RenderResult,
    SceneVisual,
    StageTimings,
)
from tools.media.visuals import VisualProvider, prepare_visual
from tools.media.visuals_assets import AssetVisuals

ProgressCallback = Callable[[float], None]

#: Share of the progress bar given to narration+visuals; ffmpeg gets the rest.
_PREP_SHARE = 10.0


def _report(progress: ProgressCallback | None, pct: float) -> None:
    if progress is not None:
        progress(round(min(100.0, max(0.0, pct)), 2))


def render_reel(
    spec: ReelSpec,
    *,
    voice: VoiceProvider,
    visuals: VisualProvider,
    work_dir: Path,
    cache_dir: Path,
    consent: ConsentGrants,
    progress: ProgressCallback | None = None,
    output_name: str = "reel.mp4",
) -> RenderResult:
    """Render `spec` into `work_dir/output_name` (+ thumbnail.jpg, captions.ass).

    Raises a `RenderError` subclass (consent, missing/unreadable asset, short video, missing
    font, narration too long, provider or ffmpeg failure) before or instead of writing a reel.
    """
    started = time.perf_counter()
    check_consent(spec, consent)
    font = resolve_font(spec.font_name)
    require_filters(*REQUIRED_FILTERS)
    if spec.music_path is not None and not spec.music_path.is_file():
        raise MissingAssetError(
            f"music_path {str(spec.music_path)!r} does not exist",
            field="music_path",
            music_path=str(spec.music_path),
        )
    work_dir = work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    cache = RenderCache(cache_dir.resolve())
    frame = spec.frame_size()
    _report(progress, 0.0)

    narration = narrate_scenes(
        voice,
        spec.scenes,
        spec.voice,
        work_dir,
        cache=cache,
        pause_sec=spec.scene_pause_sec,
        max_duration_sec=spec.max_duration_sec,
    )
    narrated = time.perf_counter()
    _report(progress, _PREP_SHARE / 2)

    assets = AssetVisuals()
    scene_visuals: list[SceneVisual] = []
    for index, scene in enumerate(spec.scenes):
        start, end = narration.scene_spans[index]
        is_last = index + 1 == len(spec.scenes)
        needed = end - start + (0.0 if is_last else spec.transition_sec)
        provider: VisualProvider = assets if scene.asset_path is not None else visuals
        scene_visuals.append(
            prepare_visual(
                provider,
                scene,
                index=index,
                style=spec.style,
                frame=frame,
                cache=cache,
                min_duration_sec=needed,
            )
        )
    visualised = time.perf_counter()
    _report(progress, _PREP_SHARE)

    scale = spec.scale()
    caption_style = CaptionStyle(
        font=font,
        font_size=max(12, round(spec.font_size * scale)),
        text_colour=spec.style.text_colour,
        highlight_colour=spec.style.accent_colour,
        outline_px=max(2, round(6 * scale)),
        safe_zone=spec.safe_zone.model_copy(
            update={
                side: round(getattr(spec.safe_zone, side) * scale)
                for side in ("top", "bottom", "left", "right")
            }
        ),
    )
    captions_path = work_dir / "captions.ass"
    captions_path.write_text(
        build_ass(narration.words, frame, caption_style, narration.duration_sec),
        encoding="utf-8",
    )
    fonts_dir = stage_font_dir(font.path, work_dir)
    output_path = work_dir / output_name
    command = build_command(
        AssemblyInputs(
            visuals=scene_visuals,
            scene_spans=narration.scene_spans,
            narration_path=narration.audio_path,
            duration_sec=narration.duration_sec,
            frame=frame,
            captions_path=captions_path,
            fonts_dir=fonts_dir,
            music_path=spec.music_path.resolve() if spec.music_path else None,
            transition_sec=spec.transition_sec,
        ),
        output_path,
    )
    output_path.unlink(missing_ok=True)
    run_ffmpeg(
        command.argv,
        cwd=work_dir,
        output_path=output_path,
        duration_sec=narration.duration_sec,
        progress=(
            None
            if progress is None
            else lambda pct: _report(progress, _PREP_SHARE + pct * (99.0 - _PREP_SHARE) / 100)
        ),
    )
    assembled = time.perf_counter()

    hook_start, hook_end = narration.scene_spans[0]
    thumbnail_path = work_dir / f"{Path(output_name).stem}_thumbnail.jpg"
    extract_frame(output_path, hook_start + (hook_end - hook_start) * 0.5, thumbnail_path)
    finished = time.perf_counter()
    _report(progress, 100.0)

    probe = probe_media(output_path)
    return RenderResult(
        video_path=output_path,
        thumbnail_path=thumbnail_path,
        captions_path=captions_path,
        duration_sec=round(probe.duration_sec or narration.duration_sec, 3),
        width=probe.width or frame[0],
        height=probe.height or frame[1],
        aspect=spec.aspect,
        fps=FPS,
        has_audio=probe.has_audio,
        size_bytes=output_path.stat().st_size,
        video_sha256=file_sha256(output_path),
        narration=narration,
        visuals=scene_visuals,
        scene_spans=narration.scene_spans,
        ffmpeg_command=_summary(command.argv, command.filter_graph),
        timings=StageTimings(
            narration_sec=round(narrated - started, 3),
            visuals_sec=round(visualised - narrated, 3),
            assembly_sec=round(assembled - visualised, 3),
            thumbnail_sec=round(finished - assembled, 3),
            total_sec=round(finished - started, 3),
        ),
    )


def _summary(argv: list[str], graph: str) -> str:
    """The command with the (long) filter graph replaced by its length and hash."""
    digest = hashlib.sha256(graph.encode()).hexdigest()[:12]
    shown = ["ffmpeg" if i == 0 else a for i, a in enumerate(argv)]
    shown = [
        f"<filter_complex {len(graph)} chars sha256:{digest}>" if a == graph else a for a in shown
    ]
    return " ".join(shown)
