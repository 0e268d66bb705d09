"""Turning critic notes into concrete edits for the next draft.

A retry must change what the critic named and keep what it did not, so each note dimension maps
to one lever of the writer (hook length, word budget, loop strength, persona markers, vocabulary).
The critic's own numbers are used when it gives them ("aim for about 52 words").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.llm.offline.context import CriticFeedback

DEFAULT_BUDGET_FACTOR = 0.95
_ABOUT_WORDS = re.compile(r"about (\d+) words")
_CUT_TO = re.compile(r"≤\s*(\d+) words")


@dataclass
class Fixes:
    """What this draft does differently because of the last critique."""

    budget_factor: float = DEFAULT_BUDGET_FACTOR
    target_words: int | None = None
    hook_max_words: int | None = None
    new_hook: bool = False
    hook_trim: int = 0
    prefer_strong_hook: bool = False
    strong_loop: bool = False
    cap_delta: int = 0
    persona_markers: bool = False
    simple_vocabulary: bool = False
    applied: list[str] = field(default_factory=list)


def fixes_from(feedback: CriticFeedback | None) -> Fixes:
    fixes = Fixes()
    if feedback is None:
        return fixes
    for note in feedback.notes:
        if note.severity == "info":
            continue
        text = f"{note.message} {note.fix}".lower()
        if note.dimension == "hook":
            fixes.new_hook = True
            cut_to = _CUT_TO.search(text)
            if cut_to:
                fixes.hook_max_words = int(cut_to.group(1))
            elif any(w in text for w in ("window", "takes", "runs to", "too long")):
                fixes.hook_trim = 2
            if "weak" in text:
                fixes.prefer_strong_hook = True
            fixes.applied.append("hook: a different, stronger opening line inside the window")
        elif note.dimension == "pacing":
            wanted = _ABOUT_WORDS.search(text)
            if "overall pace" in text and wanted:
                fixes.target_words = int(wanted.group(1))
            elif any(w in text for w in ("dense", "fast", "too many", "slow down")):
                fixes.budget_factor = min(fixes.budget_factor, 0.8)
            elif any(w in text for w in ("sparse", "too few", "speed up", "slow")):
                fixes.budget_factor = max(fixes.budget_factor, 1.0)
            fixes.applied.append("pacing: word budget re-fitted to the platform pace")
        elif note.dimension == "length":
            cut = re.search(r"cut (\d+) words", text)
            if cut:
                fixes.budget_factor = min(fixes.budget_factor, 0.8)
            fixes.applied.append("length: re-timed to the target duration")
        elif note.dimension == "loop":
            fixes.strong_loop = True
            fixes.applied.append("loop: ending repeats the hook's key words and flows into it")
        elif note.dimension == "persona":
            fixes.cap_delta = -2
            fixes.persona_markers = True
            fixes.applied.append("persona: shorter sentences, catchphrase and signature word")
        elif note.dimension == "clarity":
            fixes.simple_vocabulary = True
            fixes.applied.append("clarity: simpler words")
    return fixes
