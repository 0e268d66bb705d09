"""The ffmpeg binary (from the imageio-ffmpeg wheel) and a small media probe built on it.

The wheel ships ffmpeg but not ffprobe, so probing parses `ffmpeg -i` output: duration, the
first video stream's size and whether an audio stream exists. Found lazily, never at import.
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tools.media.errors import FfmpegError

_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: .*?(\d{2,5})x(\d{2,5})")
_AUDIO = re.compile(r"Stream #\S+.*?: Audio: ")


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg executable."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


@functools.cache
def available_filters() -> frozenset[str]:
    """Names of the filters this ffmpeg build has (parsed once from `ffmpeg -filters`)."""
    completed = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-filters"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    names = set()
    for line in completed.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and "->" in parts[2]:
            names.add(parts[1])
    return frozenset(names)


def require_filters(*names: str) -> None:
    """Fail clearly, before any work, if the ffmpeg build lacks a filter the graph needs."""
    missing = sorted(set(names) - available_filters())
    if missing:
        raise FfmpegError(
            f"the ffmpeg at {ffmpeg_exe()} lacks required filters {missing} "
            "(captions need a build with libass)",
            missing_filters=missing,
        )


@dataclass(frozen=True)
class MediaProbe:
    duration_sec: float | None
    width: int | None
    height: int | None
    has_video: bool
    has_audio: bool


def probe_media(path: Path) -> MediaProbe:
    """Read container duration, video size and audio presence of `path`."""
    completed = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    text = completed.stderr
    if "Invalid data found" in text or "No such file" in text:
        raise FfmpegError(
            f"ffmpeg cannot read {path}: {text.strip().splitlines()[-1] if text else ''}",
            path=str(path),
        )
    duration: float | None = None
    match = _DURATION.search(text)
    if match:
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    video = _VIDEO.search(text)
    return MediaProbe(
        duration_sec=duration,
        width=int(video.group(1)) if video else None,
        height=int(video.group(2)) if video else None,
        has_video=video is not None,
        has_audio=_AUDIO.search(text) is not None,
    )
