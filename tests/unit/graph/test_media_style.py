"""The reel is drawn in the twin's colours, not the renderer's defaults."""

from __future__ import annotations

from graph.nodes.media import twin_visual_style
from storage.creative import AiTwin
from storage.enums import StylePreset
from tools.media.spec import VisualStyle


def test_twin_palette_becomes_the_visual_style() -> None:
    twin = AiTwin(
        name="Space Twin",
        style_preset=StylePreset.SPACE,
        style_json={
            "palette": {
                "background": ["#050814", "#1B1F5E"],
                "accent": "#7CF7FF",
                "text": "#FFFFFF",
            }
        },
    )
    style = twin_visual_style(twin)
    assert style.background_colours == ["#050814", "#1b1f5e"]
    assert (style.accent_colour, style.text_colour) == ("#7cf7ff", "#ffffff")
    assert style.style_preset == "space"


def test_no_twin_uses_the_default_style() -> None:
    assert twin_visual_style(None) == VisualStyle()
