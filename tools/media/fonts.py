"""Where caption and card fonts come from.

A fresh machine may have no system fonts at all, so fonts are taken from a wheel that is
already a dependency: matplotlib ships the DejaVu family (a permissive Bitstream Vera derived
licence). A name that resolves to nothing is a `MissingFontError`, never a silent fallback.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from tools.media.errors import MissingFontError

#: Bundled font names -> (file name in matplotlib's mpl-data/fonts/ttf, ASS family, bold).
_BUNDLED: dict[str, tuple[str, str, bool]] = {
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVu Sans", False),
    "DejaVu Sans Bold": ("DejaVuSans-Bold.ttf", "DejaVu Sans", True),
    "DejaVu Sans Mono": ("DejaVuSansMono.ttf", "DejaVu Sans Mono", False),
    "DejaVu Sans Mono Bold": ("DejaVuSansMono-Bold.ttf", "DejaVu Sans Mono", True),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVu Serif", False),
    "DejaVu Serif Bold": ("DejaVuSerif-Bold.ttf", "DejaVu Serif", True),
}


@dataclass(frozen=True)
class ResolvedFont:
    """A font file plus the family name libass must be asked for."""

    path: Path
    family: str
    bold: bool

    @property
    def directory(self) -> Path:
        return self.path.parent


def _bundled_dir() -> Path:
    # Located without importing matplotlib (its import costs more than the whole lookup).
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise MissingFontError(
            "bundled fonts come from the matplotlib wheel, which is not installed",
            font_name="DejaVu Sans",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def _family_from_file(path: Path) -> tuple[str, bool]:
    from PIL import ImageFont

    try:
        family, style = ImageFont.truetype(str(path), 12).getname()
    except OSError as exc:
        raise MissingFontError(
            f"font_name {str(path)!r} is not a readable TrueType/OpenType font: {exc}",
            font_name=str(path),
        ) from exc
    return family or path.stem, "bold" in (style or "").lower()


def resolve_font(font_name: str) -> ResolvedFont:
    """Map `ReelSpec.font_name` (bundled name or a .ttf/.otf path) to a usable font."""
    if font_name in _BUNDLED:
        file_name, family, bold = _BUNDLED[font_name]
        path = _bundled_dir() / file_name
        if not path.is_file():
            raise MissingFontError(
                f"bundled font {font_name!r} not found at {path}", font_name=font_name
            )
        return ResolvedFont(path=path, family=family, bold=bold)
    candidate = Path(font_name)
    if candidate.suffix.lower() in {".ttf", ".otf"}:
        if not candidate.is_file():
            raise MissingFontError(
                f"font_name {font_name!r}: file does not exist", font_name=font_name
            )
        family, bold = _family_from_file(candidate)
        return ResolvedFont(path=candidate, family=family, bold=bold)
    raise MissingFontError(
        f"font_name {font_name!r} is neither a bundled font ({', '.join(sorted(_BUNDLED))}) "
        "nor a path to a .ttf/.otf file",
        font_name=font_name,
    )
