"""Offline scene cards drawn with Pillow: the visual provider that needs no network or keys.

A card is a palette gradient, a bold motif chosen by the scene's purpose (a burst for the hook,
rising bars for escalation, a tilted grid for the twist, a ring for the loop) placed by a seed
taken from the visual prompt, and the scene's on-screen text set large. Cards are drawn on the
over-size canvas so the assembly's pan never reveals an edge, and text stays in the central
area that every pan keeps in frame.
"""

from __future__ import annotations

import hashlib
import math
import random
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tools.media.fonts import ResolvedFont, resolve_font
from tools.media.spec import SceneSpec, VisualKind, VisualStyle
from tools.media.visuals import OVERSCAN, overscan_size

_CARD_VERSION = 3


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _gradient(size: tuple[int, int], colours: list[str], angle_seed: float) -> Image.Image:
    """A smooth multi-stop gradient along a slightly tilted vertical axis.

    Computed on a small grid and upscaled bilinearly: a linear ramp survives that exactly,
    and it is ~50x cheaper than evaluating every pixel of the over-size canvas.
    """
    width, height = size
    stops = [np.array(_rgb(c), dtype=np.float32) for c in colours]
    if len(stops) == 1:
        stops = [stops[0], stops[0] * 0.55]
    grid_w, grid_h = 48, 96
    tilt = (angle_seed - 0.5) * 0.6
    ys = np.linspace(0.0, 1.0, grid_h, dtype=np.float32)[:, None]
    xs = np.linspace(-0.5, 0.5, grid_w, dtype=np.float32)[None, :]
    pos = np.clip(ys + xs * tilt, 0.0, 1.0) * (len(stops) - 1)
    low = np.minimum(np.floor(pos).astype(np.int32), len(stops) - 2)
    frac = (pos - low)[..., None]
    table = np.stack(stops)
    pixels = table[low] * (1.0 - frac) + table[low + 1] * frac
    small = Image.fromarray(np.round(pixels).astype(np.uint8))
    return small.resize((width, height), Image.Resampling.BILINEAR)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _fit_text(
    text: str, font_path: Path, max_width: float, max_height: float, start_size: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The biggest font size at which the wrapped text fits the box."""
    size = start_size
    while True:
        font = ImageFont.truetype(str(font_path), size)
        lines = _wrap(text, font, max_width)
        line_h = size * 1.15
        fits = all(font.getlength(line) <= max_width for line in lines)
        if (fits and len(lines) * line_h <= max_height) or size <= 24:
            return font, lines
        size = int(size * 0.9)


class CardVisuals:
    """The offline `VisualProvider`: deterministic Pillow scene cards."""

    name = "cards"

    def __init__(self, font_name: str = "DejaVu Sans Bold") -> None:
        self.font: ResolvedFont = resolve_font(font_name)

    def output_kind(self, scene: SceneSpec) -> VisualKind:
        return "still"

    def cache_inputs(
        self, scene: SceneSpec, index: int, style: VisualStyle, frame: tuple[int, int]
    ) -> dict[str, Any]:
        return {
            "version": _CARD_VERSION,
            "purpose": scene.purpose,
            "text": scene.on_screen_text,
            "prompt": scene.visual_prompt,
            "style": style.model_dump(),
            "frame": list(frame),
            "font": str(self.font.path),
        }

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
        card = self.draw(scene, style, frame)
        card.save(out_path, format="PNG", compress_level=1)
        return card.size

    def draw(self, scene: SceneSpec, style: VisualStyle, frame: tuple[int, int]) -> Image.Image:
        """The card at over-size resolution."""
        size = overscan_size(frame)
        width, height = size
        seed_bytes = hashlib.sha256(
            f"{scene.purpose}|{scene.visual_prompt}|{scene.on_screen_text}".encode()
        ).digest()
        rng = random.Random(int.from_bytes(seed_bytes[:8], "big"))
        image = _gradient(size, style.background_colours, rng.random())
        overlay = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        accent = _rgb(style.accent_colour)
        unit = min(width, height)
        self._motif(draw, purpose=scene.purpose, size=size, unit=unit, accent=accent, rng=rng)
        image = Image.alpha_composite(image.convert("RGBA"), overlay)
        self._text(image, scene.on_screen_text, style, size, frame)
        return image.convert("RGB")

    def _motif(
        self,
        draw: ImageDraw.ImageDraw,
        *,
        purpose: str,
        size: tuple[int, int],
        unit: int,
        accent: tuple[int, int, int],
        rng: random.Random,
    ) -> None:
        width, height = size
        cx = width * (0.3 + 0.4 * rng.random())
        cy = height * (0.62 + 0.12 * rng.random())
        if purpose == "hook":
            rays = 14 + rng.randrange(8)
            for k in range(rays):
                angle = 2 * math.pi * k / rays + rng.random() * 0.1
                spread = math.pi / rays * 0.5
                far = unit * 1.6
                points = [
                    (cx, cy),
                    (cx + far * math.cos(angle - spread), cy + far * math.sin(angle - spread)),
                    (cx + far * math.cos(angle + spread), cy + far * math.sin(angle + spread)),
                ]
                draw.polygon(points, fill=(*accent, 38))
            for ring in range(3):
                radius = unit * (0.12 + 0.09 * ring)
                draw.ellipse(
                    (cx - radius, cy - radius, cx + radius, cy + radius),
                    outline=(*accent, 150 - ring * 40),
                    width=max(4, unit // 90),
                )
        elif purpose == "escalate":
            bars = 5 + rng.randrange(3)
            bar_w = width / (bars * 1.6)
            for k in range(bars):
                bar_h = height * (0.12 + 0.5 * (k + 1) / bars)
                x0 = width * 0.08 + k * bar_w * 1.6
                draw.rounded_rectangle(
                    (x0, height - bar_h, x0 + bar_w, height + 20),
                    radius=int(bar_w * 0.25),
                    fill=(*accent, 45 + 20 * k),
                )
        elif purpose == "twist":
            step = unit // 6
            tilt = math.radians(18 + rng.random() * 20)
            for gx in range(-2, width // step + 3):
                for gy in range(-2, height // step + 3):
                    if (gx + gy) % 3:
                        continue
                    x = gx * step + (gy * step) * math.sin(tilt) * 0.3
                    y = gy * step
                    half = step * 0.28
                    corners = [
                        (
                            x + half * math.cos(tilt + q * math.pi / 2),
                            y + half * math.sin(tilt + q * math.pi / 2),
                        )
                        for q in range(4)
                    ]
                    draw.polygon(corners, fill=(*accent, 40 + rng.randrange(60)))
        else:
            for ring in range(5):
                radius = unit * (0.18 + 0.11 * ring)
                draw.arc(
                    (cx - radius, cy - radius, cx + radius, cy + radius),
                    start=rng.randrange(360),
                    end=rng.randrange(360) + 200,
                    fill=(*accent, 200 - ring * 30),
                    width=max(6, unit // 60),
                )

    def _text(
        self,
        image: Image.Image,
        text: str,
        style: VisualStyle,
        size: tuple[int, int],
        frame: tuple[int, int],
    ) -> None:
        if not text.strip():
            return
        width, height = size
        inner_w = frame[0] / OVERSCAN * 0.82
        box_h = height * 0.3
        font, lines = _fit_text(
            text.upper(), self.font.path, inner_w, box_h, start_size=int(frame[0] * 0.11)
        )
        draw = ImageDraw.Draw(image)
        line_h = font.size * 1.15
        top = height * 0.28 - len(lines) * line_h / 2
        accent = _rgb(style.accent_colour)
        colour = _rgb(style.text_colour)
        stroke = max(2, font.size // 14)
        for k, line in enumerate(lines):
            line_w = font.getlength(line)
            x = (width - line_w) / 2
            y = top + k * line_h
            draw.text(
                (x, y),
                line,
                font=font,
                fill=colour,
                stroke_width=stroke,
                stroke_fill=(0, 0, 0),
            )
        bar_w = min(inner_w * 0.35, frame[0] * 0.3)
        bar_y = top + len(lines) * line_h + font.size * 0.25
        draw.rounded_rectangle(
            ((width - bar_w) / 2, bar_y, (width + bar_w) / 2, bar_y + max(8, font.size // 7)),
            radius=6,
            fill=accent,
        )
