"""Reel rendering benchmark: Twinreel's one-pass render against a floor and a MoviePy baseline.

`python -m evals.benchmarks.render` renders a ~30 s, six-scene, 1080×1920 reel offline
(espeak narration, Pillow cards, captions) and prints, per contender, wall time and peak
memory (ru_maxrss of the process plus its largest child, i.e. ffmpeg):

- **twinreel**: `render_reel` with a cold cache (narration, cards, one ffmpeg pass, thumbnail),
  and the ffmpeg pass alone (`assembly`);
- **floor**: a bare ffmpeg encode of the same stills (cropped to the frame) and the same
  narration at the same encoder settings: concat demuxer, no filters, no motion, no captions;
- **moviepy**: the same inputs assembled the way MoviePy-based tools do it: each scene encoded
  to its own file (with its pan), the files concatenated and encoded again, then a composite
  pass that overlays a caption TextClip per spoken word and encodes a third time.

Each contender runs in its own child process so memory figures do not mix. Targets (issue 4):
assembly at most 1.3× the floor, and at least 4× faster than MoviePy. MoviePy is an optional
extra (`pip install -e .[bench]`); without it that row is skipped.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools.media.assemble import AUDIO_BITRATE, ENCODER_ARGS, FPS, X264_CRF, X264_PRESET
from tools.media.captions_ass import group_words
from tools.media.ffmpeg_binary import ffmpeg_exe, probe_media
from tools.media.fonts import resolve_font
from tools.media.render import render_reel
from tools.media.spec import (
    ConsentGrants,
    ReelSpec,
    RenderResult,
    SceneSpec,
    VisualStyle,
    VoiceSpec,
)
from tools.media.visuals_cards import CardVisuals
from tools.media.voice_espeak import EspeakVoice

SCENES = [
    SceneSpec(
        purpose="hook",
        narration="Your password is already dead, and nobody told you. Here is the proof.",
        on_screen_text="Passwords are dying",
        visual_prompt="a cracked padlock in neon light",
    ),
    SceneSpec(
        purpose="escalate",
        narration="Every big platform now lets you sign in with a passkey stored on your phone.",
        on_screen_text="Your phone is the key",
        visual_prompt="a phone glowing like a key",
    ),
    SceneSpec(
        purpose="escalate",
        narration="No code to type, nothing to remember, and nothing a fake site can steal.",
        on_screen_text="Nothing to steal",
        visual_prompt="an empty vault",
    ),
    SceneSpec(
        purpose="twist",
        narration="The twist: the safest login you own is the one you never have to type.",
        on_screen_text="Never type it again",
        visual_prompt="a keyboard fading away",
    ),
    SceneSpec(
        purpose="escalate",
        narration="Turn it on today in your account settings. It takes about a minute.",
        on_screen_text="One minute setup",
        visual_prompt="a stopwatch",
    ),
    SceneSpec(
        purpose="loop",
        narration="So why is your password still alive? Watch this again.",
        on_screen_text="Still using passwords?",
        visual_prompt="a loop arrow",
    ),
]


def bench_spec(width: int | None) -> ReelSpec:
    return ReelSpec(
        scenes=SCENES,
        voice=VoiceSpec(provider="espeak", voice_id="en-us", settings={"rate_wpm": 145}),
        style=VisualStyle(
            background_colours=["#1a1a40", "#7a0bc0", "#fa58b6"], accent_colour="#ffcc00"
        ),
        width_override=width,
    )


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)


def _cpu_sec() -> float:
    """User+system CPU seconds of this process and its finished children (ffmpeg)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _render(spec: ReelSpec, folder: Path) -> RenderResult:
    return render_reel(
        spec,
        voice=EspeakVoice(),
        visuals=CardVisuals(spec.font_name),
        work_dir=folder / "twinreel",
        cache_dir=folder / "cache",
        consent=ConsentGrants(),
    )


def prepare_inputs(width: int | None, folder: Path) -> dict[str, Any]:
    """Render once to produce the shared inputs (cards, narration, word timings)."""
    result = _render(bench_spec(width), folder)
    return {
        "cards": [str(v.path) for v in result.visuals],
        "narration": str(result.narration.audio_path),
        "spans": result.scene_spans,
        "duration": result.narration.duration_sec,
        "words": [w.model_dump() for w in result.narration.words],
        "frame": [result.width, result.height],
        "accent": "#ffcc00",
        "font": str(resolve_font("DejaVu Sans Bold").path),
    }


def run_twinreel(width: int | None, folder: Path) -> dict[str, Any]:
    shutil.rmtree(folder / "cache", ignore_errors=True)  # cold: narration and cards redone
    cpu = _cpu_sec()
    started = time.perf_counter()
    result = _render(bench_spec(width), folder)
    wall = time.perf_counter() - started
    return {
        "wall_sec": round(wall, 3),
        "cpu_sec": round(_cpu_sec() - cpu, 3),
        "assembly_sec": result.timings.assembly_sec,
        "timings": result.timings.model_dump(),
        "video": str(result.video_path),
        "thumbnail": str(result.thumbnail_path),
        "duration_sec": result.duration_sec,
        "size": [result.width, result.height],
        "bytes": result.size_bytes,
    }


def run_floor(inputs: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Bare encode: the same stills (pre-cropped, outside the timing) + narration, no filters."""
    from PIL import Image

    width, height = inputs["frame"]
    listing = folder / "floor.txt"
    lines: list[str] = []
    for index, card in enumerate(inputs["cards"]):
        with Image.open(card) as image:
            left = (image.width - width) // 2
            top = (image.height - height) // 2
            still = folder / f"floor_{index}.png"
            image.crop((left, top, left + width, top + height)).save(still, compress_level=1)
        start, end = inputs["spans"][index]
        lines += [f"file '{still}'", f"duration {end - start:.4f}"]
    lines.append(lines[-2])
    listing.write_text("\n".join(lines) + "\n")
    return _bare_encode(
        ["-f", "concat", "-safe", "0", "-i", str(listing)], inputs, folder / "floor.mp4"
    )


def run_floor_frames(inputs: dict[str, Any], reel: Path, folder: Path) -> dict[str, Any]:
    """Bare encode of the reel's own frames (decoded to raw yuv420p beforehand, untimed)."""
    width, height = inputs["frame"]
    raw = folder / "frames.yuv"
    subprocess.run(
        [
            *(ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(reel), "-map", "0:v"),
            *("-f", "rawvideo", "-pix_fmt", "yuv420p", str(raw)),
        ],
        check=True,
    )
    try:
        video_input = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{width}x{height}"]
        video_input += ["-framerate", str(FPS), "-i", str(raw)]
        return _bare_encode(video_input, inputs, folder / "floor_frames.mp4")
    finally:
        raw.unlink(missing_ok=True)


def _bare_encode(video_input: list[str], inputs: dict[str, Any], output: Path) -> dict[str, Any]:
    """The floor: video + narration encoded with the reel's encoder settings, no filters."""
    argv = [
        ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        *video_input,
        "-i",
        inputs["narration"],
        "-map",
        "0:v",
        "-map",
        "1:a",
        *ENCODER_ARGS,
        "-t",
        f"{inputs['duration']:.4f}",
        "-movflags",
        "+faststart",
        str(output),
    ]
    cpu = _cpu_sec()
    started = time.perf_counter()
    subprocess.run(argv, check=True)
    wall = time.perf_counter() - started
    probe = probe_media(output)
    return {
        "wall_sec": round(wall, 3),
        "cpu_sec": round(_cpu_sec() - cpu, 3),
        "duration_sec": probe.duration_sec,
        "video": str(output),
    }


def run_moviepy(inputs: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Per-clip encode, concat encode, then a composite pass with caption TextClips."""
    import numpy as np
    from moviepy import (
        AudioFileClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        VideoFileClip,
        concatenate_videoclips,
    )
    from PIL import ImageFont

    width, height = inputs["frame"]
    encode = {
        "fps": FPS,
        "codec": "libx264",
        "preset": X264_PRESET,
        "ffmpeg_params": ["-crf", str(X264_CRF), "-pix_fmt", "yuv420p"],
        "audio_codec": "aac",
        "audio_bitrate": AUDIO_BITRATE,
        "audio_fps": 48000,
        "logger": None,
    }
    cpu = _cpu_sec()
    started = time.perf_counter()
    narration = AudioFileClip(inputs["narration"])
    scene_files: list[str] = []
    for index, card in enumerate(inputs["cards"]):
        start, end = inputs["spans"][index]
        seconds = end - start
        base = ImageClip(card).with_duration(seconds)
        margin_x, margin_y = base.w - width, base.h - height

        def pan(
            get_frame: Any, t: float, mx: int = margin_x, my: int = margin_y, span: float = seconds
        ) -> Any:
            frame = get_frame(t)
            share = t / span
            x = int(mx * (0.15 + 0.7 * share))
            y = int(my * 0.5)
            return np.ascontiguousarray(frame[y : y + height, x : x + width])

        clip = base.transform(pan).with_audio(
            narration.subclipped(start, min(end, narration.duration))
        )
        path = str(folder / f"mp_scene_{index}.mp4")
        clip.write_videofile(path, **encode)
        scene_files.append(path)
    parts = [VideoFileClip(path) for path in scene_files]
    joined_path = str(folder / "mp_joined.mp4")
    concatenate_videoclips(parts).write_videofile(joined_path, **encode)
    joined = VideoFileClip(joined_path)
    font_path = inputs["font"]
    scale = width / 1080
    font_size = round(84 * scale)
    stroke = max(2, round(5 * scale))
    measure = ImageFont.truetype(font_path, font_size)
    overlays: list[Any] = [joined]
    from tools.media.spec import WordTiming

    words = [WordTiming.model_validate(w) for w in inputs["words"]]
    for group in group_words(words):
        tokens = [w.word.upper() for w in group]
        line = " ".join(tokens)
        line_w = measure.getlength(line)
        left = (width - line_w) / 2
        y = height - round((420 + 140) * scale)
        for index, word in enumerate(group):
            end = group[index + 1].start if index + 1 < len(group) else word.end
            seconds = max(end - word.start, 0.05)
            base_clip = (
                TextClip(
                    font=font_path,
                    text=line,
                    font_size=font_size,
                    color="white",
                    stroke_color="black",
                    stroke_width=stroke,
                    margin=(10, 10),
                )
                .with_start(word.start)
                .with_duration(seconds)
                .with_position((max(0, left - 10), y - 10))
            )
            offset = measure.getlength(" ".join(tokens[:index]) + (" " if index else ""))
            active = (
                TextClip(
                    font=font_path,
                    text=tokens[index],
                    font_size=font_size,
                    color=inputs["accent"],
                    stroke_color="black",
                    stroke_width=stroke,
                    margin=(10, 10),
                )
                .with_start(word.start)
                .with_duration(seconds)
                .with_position((max(0, left + offset - 10), y - 10))
            )
            overlays += [base_clip, active]
    final_path = str(folder / "moviepy.mp4")
    # With use_bgclip the background's audio is dropped, so the narration is set again here,
    # as MoviePy-based tools do on their final pass.
    final = CompositeVideoClip(overlays, size=(width, height), use_bgclip=True)
    final.with_duration(inputs["duration"]).with_audio(narration).write_videofile(
        final_path, **encode
    )
    wall = time.perf_counter() - started
    return {"wall_sec": round(wall, 3), "cpu_sec": round(_cpu_sec() - cpu, 3), "video": final_path}


def _child(stage: str, args: argparse.Namespace, folder: Path, **extra: str) -> dict[str, Any]:
    """Run one contender in a fresh interpreter and read back its JSON line."""
    argv = [sys.executable, "-m", "evals.benchmarks.render", "--stage", stage]
    argv += ["--folder", str(folder), "--inputs", str(args.inputs)]
    if args.width is not None:
        argv += ["--width", str(args.width)]
    for key, value in extra.items():
        argv += [f"--{key}", value]
    completed = subprocess.run(argv, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{stage} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _stage_main(args: argparse.Namespace) -> None:
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    if args.stage == "prepare":
        result = prepare_inputs(args.width, folder)
    elif args.stage == "twinreel":
        result = run_twinreel(args.width, folder)
    else:
        inputs = json.loads(Path(args.inputs).read_text())
        if args.stage == "floor":
            result = run_floor(inputs, folder)
        elif args.stage == "floor_frames":
            result = run_floor_frames(inputs, Path(args.reel), folder)
        else:
            result = run_moviepy(inputs, folder)
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(float(r[key]) for r in runs), 3)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("inf")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--width", type=int, default=None, help="preview width (default 1080)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of twinreel and the floors")
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="keep outputs in this folder")
    parser.add_argument(
        "--stage", choices=["prepare", "twinreel", "floor", "floor_frames", "moviepy"]
    )
    parser.add_argument("--folder")
    parser.add_argument("--inputs")
    parser.add_argument("--reel")
    args = parser.parse_args(argv)
    if args.stage:
        _stage_main(args)
        return

    root = args.keep or Path(tempfile.mkdtemp(prefix="twinreel-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    args.inputs = root / "inputs.json"
    inputs = _child("prepare", args, root / "prepare")
    args.inputs.write_text(json.dumps(inputs))
    print(
        f"reel: {len(SCENES)} scenes, {inputs['duration']:.2f} s narration, "
        f"{inputs['frame'][0]}x{inputs['frame'][1]} @ {FPS} fps, "
        f"libx264 {X264_PRESET} crf {X264_CRF}, AAC {AUDIO_BITRATE}"
    )
    runs: dict[str, list[dict[str, Any]]] = {"twinreel": [], "floor": [], "floor_frames": []}
    for repeat in range(args.repeats):
        # Interleaved so a busy machine slows every contender alike.
        reel = _child("twinreel", args, root / f"tw{repeat}")
        runs["twinreel"].append(reel)
        runs["floor"].append(_child("floor", args, root / f"floor{repeat}"))
        runs["floor_frames"].append(
            _child("floor_frames", args, root / f"frames{repeat}", reel=reel["video"])
        )
    moviepy: dict[str, Any] | None = None
    if not args.skip_moviepy:
        try:
            import moviepy as _moviepy  # noqa: F401
        except ImportError:
            print("moviepy not installed (pip install -e .[bench]); skipping that baseline")
        else:
            moviepy = _child("moviepy", args, root / "moviepy")

    tw = runs["twinreel"]
    figures: dict[str, Any] = {
        "twinreel_wall_sec": _median(tw, "wall_sec"),
        "twinreel_cpu_sec": _median(tw, "cpu_sec"),
        "twinreel_ffmpeg_pass_wall_sec": _median(tw, "assembly_sec"),
        "twinreel_peak_mb": max(r["peak_mb"] for r in tw),
        "twinreel_stages_sec": tw[0]["timings"],
        "floor_stills_wall_sec": _median(runs["floor"], "wall_sec"),
        "floor_stills_cpu_sec": _median(runs["floor"], "cpu_sec"),
        "floor_stills_peak_mb": max(r["peak_mb"] for r in runs["floor"]),
        "floor_frames_wall_sec": _median(runs["floor_frames"], "wall_sec"),
        "floor_frames_cpu_sec": _median(runs["floor_frames"], "cpu_sec"),
        "floor_frames_peak_mb": max(r["peak_mb"] for r in runs["floor_frames"]),
        "all_runs_wall_sec": {k: [r["wall_sec"] for r in v] for k, v in runs.items()},
        "reel_duration_sec": tw[0]["duration_sec"],
        "reel_bytes": tw[0]["bytes"],
    }
    for floor in ("floor_stills", "floor_frames"):
        for kind in ("wall", "cpu"):
            figures[f"twinreel_vs_{floor}_{kind}"] = _ratio(
                figures[f"twinreel_{kind}_sec"], figures[f"{floor}_{kind}_sec"]
            )
    if moviepy is not None:
        figures.update(
            {
                "moviepy_wall_sec": moviepy["wall_sec"],
                "moviepy_cpu_sec": moviepy["cpu_sec"],
                "moviepy_peak_mb": moviepy["peak_mb"],
                "moviepy_vs_twinreel_wall": _ratio(
                    moviepy["wall_sec"], figures["twinreel_wall_sec"]
                ),
                "moviepy_vs_twinreel_cpu": _ratio(moviepy["cpu_sec"], figures["twinreel_cpu_sec"]),
            }
        )
    _print_table(figures, moviepy is not None)
    print(json.dumps(figures, indent=1))
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


def _print_table(f: dict[str, Any], with_moviepy: bool) -> None:
    rows = [
        ("twinreel render (cold cache, whole)", "twinreel"),
        ("floor: same stills, bare encode", "floor_stills"),
        ("floor: same frames, bare encode", "floor_frames"),
    ]
    if with_moviepy:
        rows.append(("moviepy: per-clip + concat + composite", "moviepy"))
    print(f"{'contender':42} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for label, key in rows:
        print(
            f"{label:42} {f[f'{key}_wall_sec']:>8.2f} {f[f'{key}_cpu_sec']:>8.2f} "
            f"{f[f'{key}_peak_mb']:>8.1f}"
        )
    print(f"  twinreel's ffmpeg pass alone: {f['twinreel_ffmpeg_pass_wall_sec']:.2f} s wall")
    for floor in ("floor_stills", "floor_frames"):
        print(
            f"twinreel / {floor}: wall {f[f'twinreel_vs_{floor}_wall']}x, "
            f"cpu {f[f'twinreel_vs_{floor}_cpu']}x   (target <= 1.3x)"
        )
    if with_moviepy:
        print(
            f"moviepy / twinreel: wall {f['moviepy_vs_twinreel_wall']}x, "
            f"cpu {f['moviepy_vs_twinreel_cpu']}x   (target >= 4x)"
        )


if __name__ == "__main__":
    main()
