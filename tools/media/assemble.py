"""The single ffmpeg pass: scene visuals + narration + captions (+ music) -> one H.264/AAC MP4.

One invocation, one `-filter_complex` graph. Why these choices, all for speed:
- a still is decoded once, converted to yuv420p once, then repeated by `loop` (the image2
  `-loop 1` demuxer would decode the PNG again for every frame);
- motion is a pan done by `crop` with time expressions on the over-size still (a crop is a
  pointer offset, unlike a per-frame rescale for zoom), its direction varying per scene;
- scenes are joined with `xfade`, which only does work inside the short transition window;
- captions are an ASS script rendered by libass (`ass` filter) with the bundled font's folder
  as `fontsdir`, so no system font is needed;
- narration (and optional music ducked under it with `sidechaincompress`) is loudness
  normalised with single-pass `loudnorm`.
ffmpeg runs in the work folder so the ASS and font paths need no filter-graph escaping. The
output is written to a temporary name and renamed only on success.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.media.errors import FfmpegError
from tools.media.ffmpeg_binary import ffmpeg_exe
from tools.media.spec import SceneVisual

FPS = 30
X264_PRESET = "veryfast"
X264_CRF = 23
AUDIO_BITRATE = "128k"
LOUDNESS_TARGET = "I=-14:TP=-1.5:LRA=11"
#: Output encoding, shared with the benchmark's floor so both encode alike. The AAC "fast"
#: coder is ~3x cheaper than the default two-loop search and transparent for speech at 128k.
ENCODER_ARGS: tuple[str, ...] = (
    *("-c:v", "libx264", "-preset", X264_PRESET, "-crf", str(X264_CRF)),
    *("-pix_fmt", "yuv420p", "-r", str(FPS)),
    *("-c:a", "aac", "-aac_coder", "fast", "-b:a", AUDIO_BITRATE, "-ar", "48000", "-ac", "2"),
)

#: Filters the graph uses; checked up front so a build without libass fails with that cause.
REQUIRED_FILTERS = ("ass", "xfade", "loudnorm", "sidechaincompress", "loop", "crop", "concat")

#: (start, end) fractions of the spare over-size margin for x and y, cycled per scene.
_PANS: tuple[tuple[float, float, float, float], ...] = (
    (0.5, 0.5, 0.85, 0.15),
    (0.15, 0.85, 0.5, 0.5),
    (0.5, 0.5, 0.15, 0.85),
    (0.85, 0.15, 0.7, 0.3),
)
_TRANSITIONS = ("fade", "smoothup", "circleopen", "slideleft", "fadeblack", "smoothleft")


@dataclass(frozen=True)
class AssemblyInputs:
    """Everything the ffmpeg pass consumes; all paths absolute."""

    visuals: list[SceneVisual]
    scene_spans: list[tuple[float, float]]
    narration_path: Path
    duration_sec: float
    frame: tuple[int, int]
    captions_path: Path
    fonts_dir: Path
    music_path: Path | None
    transition_sec: float


@dataclass(frozen=True)
class AssemblyCommand:
    argv: list[str]
    filter_graph: str


def _scene_frames(spans: list[tuple[float, float]], total_frames: int) -> list[int]:
    """Frame index at which each scene starts, quantised once so nothing drifts."""
    starts = [round(start * FPS) for start, _ in spans]
    starts[0] = 0
    return [min(s, total_frames - 1) for s in starts]


def _join_scenes(
    chains: list[str], labels: list[str], frame_counts: list[int], trans_frames: int
) -> str:
    """Join scene streams with short crossfades; return the joined stream's label.

    `xfade` copies every frame it passes, so chaining it over whole scenes costs a copy per
    frame per transition. Instead each scene is split (by reference, no copy) into head,
    body and tail; only the few frames of tail+head go through `xfade`, and everything is
    joined with `concat`, which forwards frames untouched.
    """
    if len(labels) == 1:
        return labels[0]
    if not trans_frames:
        chains.append(
            "".join(f"[{label}]" for label in labels)
            + f"concat=n={len(labels)}:v=1:a=0,setpts=N/{FPS}/TB[joined]"
        )
        return "joined"
    last = len(labels) - 1
    parts: list[str] = []
    for index, (label, frames) in enumerate(zip(labels, frame_counts, strict=True)):
        outputs = ["b"] + (["h"] if index > 0 else []) + (["t"] if index < last else [])
        chains.append(f"[{label}]split={len(outputs)}" + "".join(f"[{label}{o}]" for o in outputs))
        body_start = trans_frames if index > 0 else 0
        body_end = frames - trans_frames if index < last else frames
        chains.append(
            f"[{label}b]trim=start_frame={body_start}:end_frame={body_end},"
            f"setpts=PTS-STARTPTS[{label}body]"
        )
        if index > 0:
            chains.append(
                f"[{label}h]trim=end_frame={trans_frames},setpts=PTS-STARTPTS[{label}head]"
            )
        if index < last:
            chains.append(
                f"[{label}t]trim=start_frame={frames - trans_frames},setpts=PTS-STARTPTS"
                f"[{label}tail]"
            )
    for index, label in enumerate(labels):
        parts.append(f"[{label}body]")
        if index < last:
            transition = _TRANSITIONS[index % len(_TRANSITIONS)]
            chains.append(
                f"[{label}tail][{labels[index + 1]}head]xfade=transition={transition}:"
                f"duration={trans_frames / FPS:.4f}:offset=0[{label}x]"
            )
            parts.append(f"[{label}x]")
    # Every part has an exact frame count, so frame numbers give exact, gap-free timestamps.
    chains.append("".join(parts) + f"concat=n={len(parts)}:v=1:a=0,setpts=N/{FPS}/TB[joined]")
    return "joined"


def build_command(inputs: AssemblyInputs, output_path: Path) -> AssemblyCommand:
    """The argv of the one ffmpeg invocation (run with cwd = the captions' folder)."""
    width, height = inputs.frame
    total_frames = round(inputs.duration_sec * FPS)
    starts = _scene_frames(inputs.scene_spans, total_frames)
    trans_frames = round(inputs.transition_sec * FPS) if len(inputs.visuals) > 1 else 0
    if trans_frames:
        # Every scene body must outlast its two transition windows.
        shortest = min(b - a for a, b in itertools.pairwise([*starts, total_frames]))
        trans_frames = max(0, min(trans_frames, shortest // 3))
    argv = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
    chains: list[str] = []
    frame_counts: list[int] = []
    for index, visual in enumerate(inputs.visuals):
        next_start = starts[index + 1] if index + 1 < len(starts) else total_frames
        # Every segment but the last runs on for the transition into the next scene; the
        # last one gets a few spare frames so the video never ends before the audio.
        is_last = index + 1 == len(inputs.visuals)
        frames = next_start - starts[index] + (FPS // 5 if is_last else trans_frames)
        seconds = frames / FPS
        frame_counts.append(frames)
        if visual.kind == "still":
            argv += ["-framerate", str(FPS), "-i", str(visual.path)]
            x0, x1, y0, y1 = _PANS[index % len(_PANS)]
            chains.append(
                f"[{index}:v]format=yuv420p,loop=loop={frames - 1}:size=1:start=0,"
                f"setpts=N/{FPS}/TB,"
                f"crop={width}:{height}:"
                f"x='(iw-ow)*({x0}+({x1 - x0})*t/{seconds:.4f})':"
                f"y='(ih-oh)*({y0}+({y1 - y0})*t/{seconds:.4f})',"
                f"setsar=1[s{index}]"
            )
        else:
            argv += ["-i", str(visual.path)]
            chains.append(
                f"[{index}:v]trim=duration={seconds:.4f},setpts=PTS-STARTPTS,fps={FPS},"
                f"scale={width}:{height}:force_original_aspect_ratio=increase,"
                f"crop={width}:{height},setsar=1,format=yuv420p,"
                f"trim=end_frame={frames}[s{index}]"
            )
    label = _join_scenes(
        chains, [f"s{i}" for i in range(len(inputs.visuals))], frame_counts, trans_frames
    )
    chains.append(
        f"[{label}]ass=filename={inputs.captions_path.name}:fontsdir={inputs.fonts_dir.name},"
        f"format=yuv420p[vout]"
    )
    narration_index = len(inputs.visuals)
    argv += ["-i", str(inputs.narration_path)]
    stereo = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
    if inputs.music_path is not None:
        music_index = narration_index + 1
        argv += ["-stream_loop", "-1", "-i", str(inputs.music_path)]
        chains.append(f"[{narration_index}:a]{stereo},asplit=2[voice][key]")
        chains.append(
            f"[{music_index}:a]{stereo},atrim=duration={inputs.duration_sec:.4f},volume=0.5[music]"
        )
        chains.append(
            "[music][key]sidechaincompress=threshold=0.02:ratio=12:attack=20:release=400[ducked]"
        )
        chains.append(
            f"[voice][ducked]amix=inputs=2:duration=first:normalize=0,"
            f"loudnorm={LOUDNESS_TARGET},{stereo}[aout]"
        )
    else:
        # Normalise the mono voice (half the work of stereo), then upmix.
        chains.append(f"[{narration_index}:a]loudnorm={LOUDNESS_TARGET},{stereo}[aout]")
    graph = ";".join(chains)
    argv += [
        "-filter_complex",
        graph,
        "-map",
        "[vout]",
        "-map",
        "[aout]",
        *ENCODER_ARGS,
        "-t",
        f"{inputs.duration_sec:.4f}",
        "-movflags",
        "+faststart",
        "-progress",
        "pipe:1",
        "-nostats",
        "-f",
        "mp4",
        str(output_path),
    ]
    return AssemblyCommand(argv=argv, filter_graph=graph)


def _parse_progress(line: str, duration_sec: float) -> float | None:
    key, _, value = line.strip().partition("=")
    if key == "out_time_us" and value.lstrip("-").isdigit():
        return max(0.0, min(100.0, int(value) / 1e6 / duration_sec * 100.0))
    return None


def run_ffmpeg(
    argv: list[str],
    *,
    cwd: Path,
    output_path: Path,
    duration_sec: float,
    progress: Callable[[float], None] | None = None,
) -> None:
    """Run ffmpeg writing to a temp name beside `output_path`; rename it only on success."""
    output_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{output_path.stem}-", suffix=output_path.suffix, dir=output_path.parent
    )
    os.close(fd)
    tmp_path = Path(tmp_name)
    argv = [*argv[:-1], str(tmp_path)] if argv[-1] == str(output_path) else argv
    stderr_path = cwd / "ffmpeg.stderr.txt"
    try:
        with stderr_path.open("w+", encoding="utf-8", errors="replace") as stderr:
            process = subprocess.Popen(
                argv, cwd=cwd, stdout=subprocess.PIPE, stderr=stderr, text=True
            )
            assert process.stdout is not None
            for line in process.stdout:
                pct = _parse_progress(line, duration_sec)
                if pct is not None and progress is not None:
                    progress(pct)
            returncode = process.wait()
            stderr.seek(0)
            tail = stderr.read()[-2000:]
        if returncode != 0:
            raise FfmpegError(
                f"ffmpeg failed (exit {returncode}): "
                f"{tail.strip().splitlines()[-1] if tail.strip() else 'no error output'}",
                returncode=returncode,
                stderr_tail=tail,
                command=shlex.join(argv)[:4000],
            )
        tmp_path.replace(output_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
    if progress is not None:
        progress(100.0)


def extract_frame(video_path: Path, at_sec: float, out_path: Path, width: int = 540) -> None:
    """A JPEG still of the reel at `at_sec` (the thumbnail), written atomically."""
    tmp_path = out_path.with_name(f".{out_path.stem}-tmp{out_path.suffix}")
    completed = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{at_sec:.3f}",
            "-i",
            str(video_path),
            "-frames:v",
            "1",
            "-vf",
            f"scale={width}:-2",
            "-q:v",
            "3",
            "-f",
            "image2",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if completed.returncode != 0 or not tmp_path.is_file():
        tmp_path.unlink(missing_ok=True)
        raise FfmpegError(
            f"thumbnail extraction failed: {completed.stderr.strip()[-300:]}",
            stderr_tail=completed.stderr[-2000:],
        )
    tmp_path.replace(out_path)


def stage_font_dir(font_path: Path, work_dir: Path) -> Path:
    """Copy the caption font into `work_dir/fonts` so libass finds it by a relative path."""
    fonts_dir = work_dir / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    target = fonts_dir / font_path.name
    if not target.exists():
        shutil.copyfile(font_path, target)
    return fonts_dir
