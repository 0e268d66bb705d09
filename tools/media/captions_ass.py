"""Burned-in captions as an ASS script for libass (the bundled ffmpeg has libass).

Words are shown in short groups; inside a group one event per word repaints the group with
the spoken word in the accent colour and slightly larger, so the highlight follows the voice
exactly (the word timings come from the TTS). Captions sit bottom-centre, lifted above the
platform's bottom controls and kept inside its left/right margins; libass renders them in the
same ffmpeg pass as everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import ImageFont

from tools.media.fonts import ResolvedFont
from tools.media.spec import SafeZone, WordTiming

WORDS_PER_GROUP = 3


@dataclass(frozen=True)
class CaptionStyle:
    font: ResolvedFont
    font_size: int
    text_colour: str
    highlight_colour: str
    outline_px: int
    safe_zone: SafeZone


def _ass_colour(hex_colour: str, alpha: int = 0) -> str:
    """#rrggbb -> &HAABBGGRR (ASS stores blue first, alpha 0 = opaque)."""
    red, green, blue = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"&H{alpha:02X}{blue}{green}{red}".upper()


def _timestamp(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    secs, cs = divmod(rest, 100)
    return f"{hours}:{minutes:02d}:{secs:02d}.{cs:02d}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("{", "(").replace("}", ")").replace("\n", " ")


def group_words(
    words: list[WordTiming],
    size: int = WORDS_PER_GROUP,
    fits: Callable[[str], bool] | None = None,
) -> list[list[WordTiming]]:
    """Consecutive words in groups of at most `size` that `fits` on one line.

    A group never spans a long silence (a scene break), so captions change with the scene.
    """
    groups: list[list[WordTiming]] = []
    current: list[WordTiming] = []
    for word in words:
        too_wide = (
            fits is not None
            and bool(current)
            and not fits(" ".join(w.word for w in [*current, word]))
        )
        if current and (len(current) >= size or too_wide or word.start - current[-1].end > 0.2):
            groups.append(current)
            current = []
        current.append(word)
    if current:
        groups.append(current)
    return groups


def build_ass(
    words: list[WordTiming], frame: tuple[int, int], style: CaptionStyle, total_sec: float
) -> str:
    """The full .ass document for these word timings at this frame size."""
    width, height = frame
    zone = style.safe_zone
    margin_v = zone.bottom + height // 20
    primary = _ass_colour(style.text_colour)
    highlight = style.highlight_colour[1:]
    highlight_tag = (
        "{\\c&H"
        + (highlight[4:6] + highlight[2:4] + highlight[0:2]).upper()
        + "&\\fscx112\\fscy112}"
    )
    reset_tag = "{\\r}"
    header = "\n".join(
        [
            "[Script Info]",
            "ScriptType: v4.00+",
            f"PlayResX: {width}",
            f"PlayResY: {height}",
            "WrapStyle: 0",
            "ScaledBorderAndShadow: yes",
            "",
            "[V4+ Styles]",
            "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
            "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
            f"Style: Caption,{style.font.family},{style.font_size},{primary},{primary},"
            f"&H00000000,&H80000000,{-1 if style.font.bold else 0},0,0,0,100,100,0,0,1,"
            f"{style.outline_px},{max(1, style.outline_px // 2)},2,"
            f"{zone.left + width // 30},{zone.right + width // 30},{margin_v},1",
            "",
            "[Events]",
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
        ]
    )
    events: list[str] = []
    measure = ImageFont.truetype(str(style.font.path), style.font_size)
    usable = width - zone.left - zone.right - 2 * (width // 30)

    def fits(text: str) -> bool:
        # Upper case, with room for the highlighted word's 112% scale and the outline.
        return measure.getlength(text.upper()) * 1.12 + 2 * style.outline_px <= usable

    for group in group_words(words, fits=fits):
        tokens = [_escape(w.word.upper()) for w in group]
        for index, word in enumerate(group):
            end = group[index + 1].start if index + 1 < len(group) else word.end
            end = min(max(end, word.start + 0.05), total_sec)
            parts = [
                f"{highlight_tag}{token}{reset_tag}" if k == index else token
                for k, token in enumerate(tokens)
            ]
            events.append(
                f"Dialogue: 0,{_timestamp(word.start)},{_timestamp(end)},Caption,,0,0,0,,"
                + " ".join(parts)
            )
    return header + "\n" + "\n".join(events) + "\n"
