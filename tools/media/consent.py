"""The consent gate: a cloned voice or likeness-based visuals need the creator's consent.

Checked before any synthesis or generation, so a refused render spends nothing and leaves
nothing behind.
"""

from __future__ import annotations

from tools.media.errors import ConsentRequiredError
from tools.media.spec import ConsentGrants, ReelSpec

VOICE_CLONING = "voice_cloning"
LIKENESS_MODELING = "likeness_modeling"


def required_consents(spec: ReelSpec) -> list[str]:
    """The consent types this reel needs, in a stable order."""
    needed: list[str] = []
    if spec.voice.is_cloned:
        needed.append(VOICE_CLONING)
    if spec.style.uses_likeness:
        needed.append(LIKENESS_MODELING)
    return needed


def check_consent(spec: ReelSpec, grants: ConsentGrants) -> None:
    """Raise `ConsentRequiredError` naming every missing consent type."""
    missing = [kind for kind in required_consents(spec) if kind not in grants.granted]
    if missing:
        reasons = {
            VOICE_CLONING: f"voice {spec.voice.voice_id!r} is a cloned voice",
            LIKENESS_MODELING: "the visual style uses the creator's likeness",
        }
        raise ConsentRequiredError(
            "render refused: missing granted consent "
            + ", ".join(f"{kind!r} ({reasons[kind]})" for kind in missing),
            missing_consents=missing,
            voice_id=spec.voice.voice_id,
        )
