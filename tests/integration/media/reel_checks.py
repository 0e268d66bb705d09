"""Helpers for rendering real short reels offline and probing them with the bundled ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tools.media.ffmpeg_binary import ffmpeg_exe
from tools.media.spec import ReelSpec, SceneSpec, VisualStyle, VoiceSpec

#: A pure green accent that neither the palette nor the blended card motifs reproduce,
#: so pure-accent pixels in the caption band can only come from the highlighted word.
ACCENT = "#00ff44"
PREVIEW_WIDTH = 360

SCENES = [
    SceneSpec(
        purpose="hook",
        narration="Your password is already dead.",
        on_screen_text="Passwords are dying",
        visual_prompt="a broken padlock",
    ),
    SceneSpec(
        purpose="escalate",
        narration="Passkeys live on your phone.",
        on_screen_text="Your phone is the key",
        visual_prompt="a phone glowing",
    ),
    SceneSpec(
        purpose="twist",
        narration="Phishing gets nothing to steal.",
        on_screen_text="Nothing to steal",
        visual_prompt="an empty vault",
    ),
    SceneSpec(
        purpose="loop",
        narration="So why keep a password?",
        on_screen_text="Still using one?",
        visual_prompt="a loop arrow",
    ),
]


def make_spec(**overrides: Any) -> ReelSpec:
    base: dict[str, Any] = {
        "scenes": SCENES,
        "voice": VoiceSpec(provider="espeak", voice_id="en-us", settings={"rate_wpm": 190}),
        "style": VisualStyle(
            background_colours=["#101040", "#402070"],
            accent_colour=ACCENT,
            text_colour="#ffffff",
        ),
        "width_override": PREVIEW_WIDTH,
    }
    base.update(overrides)
    return ReelSpec(**base)


def frame_at(video: Path, seconds: float, out_dir: Path) -> np.ndarray[Any, Any]:
    """The decoded RGB frame of `video` at `seconds`."""
    target = out_dir / f"frame_{seconds:.2f}.png"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{seconds:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            str(target),
        ],
        check=True,
        timeout=60,
    )
    with Image.open(target) as image:
        return np.asarray(image.convert("RGB")).astype(np.int16)


def colour_pixels(region: np.ndarray[Any, Any], colour: str, tolerance: int = 60) -> int:
    """How many pixels of `region` are within `tolerance` (per channel) of `colour`."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return int(np.all(np.abs(region - rgb) <= tolerance, axis=-1).sum())


def write_tone(path: Path, seconds: float, freq: int = 220) -> Path:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={freq}:duration={seconds}",
            "-ac",
            "2",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


def write_clip(path: Path, seconds: float, size: str = "320x240") -> Path:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={size}:rate=30:duration={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path
