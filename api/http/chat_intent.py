"""What a chat message asks for: reels, last week's results, an approval, or help.

Deterministic on purpose: the words that trigger an account-changing action (approve, reject)
must be the creator's own, said plainly, and are matched here, not guessed by a model that
might be steered by text quoted from a trend or a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agents.decisions import Platform

Intent = Literal["make_reels", "results", "approve", "reject", "help"]
MAX_REELS_PER_MESSAGE = 3

_PLATFORM_WORDS: dict[str, Platform] = {
    "tiktok": "tiktok",
    "instagram": "instagram",
    "insta": "instagram",
    "youtube": "youtube_shorts",
    "shorts": "youtube_shorts",
    "linkedin": "linkedin",
    "facebook": "facebook",
    "threads": "threads",
    "fanbase": "fanbase",
    "spill": "spill",
}
_NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "several": 3, "a few": 3}
_APPROVE = re.compile(
    r"^\s*(approve|approved|publish it|post it|ship it|looks good|lgtm)\b", re.IGNORECASE
)
_REJECT = re.compile(r"^\s*(reject|rejected|discard|don'?t publish|do not publish)\b", re.I)
_RESULTS = re.compile(
    r"\b(last week|this week|results?|how did|performance|analytics|views|stats|report)\b", re.I
)
_MAKE = re.compile(
    r"\b(make|create|produce|render|write|do|need|want|post|reels?|video|short|tiktok|clips?)\b",
    re.I,
)
_DURATION = re.compile(r"\b(\d{1,2})\s*(?:-\s*)?(?:s|sec|secs|second|seconds)\b", re.I)
_COUNT = re.compile(
    r"\b(\d|one|two|three|several|a few)\s+(?:\w+\s+){0,2}(?:reels|videos|shorts|clips|tiktoks)\b",
    re.I,
)
_PERSONA = re.compile(r"\b(?:use|as|with)\s+(?:my\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+Twin)\b")
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)


@dataclass(frozen=True)
class ParsedMessage:
    intent: Intent
    count: int = 1
    platform: Platform | None = None
    duration_sec: int | None = None
    persona: str | None = None
    run_ref: str | None = None  # a run or job id the message names
    reason: str = ""
    notes: list[str] = field(default_factory=list)


def parse_message(text: str) -> ParsedMessage:
    """The intent and the explicit parameters a message states."""
    ref_match = _UUID.search(text)
    ref = ref_match.group(0) if ref_match else None
    if _APPROVE.search(text):
        return ParsedMessage("approve", run_ref=ref)
    if _REJECT.search(text):
        reason = _UUID.sub("", _REJECT.sub("", text, count=1)).strip(" :,-.")
        return ParsedMessage("reject", run_ref=ref, reason=reason[:1000])
    if _RESULTS.search(text) and not re.search(r"\b(make|create|produce)\b", text, re.I):
        return ParsedMessage("results")
    if not _MAKE.search(text):
        return ParsedMessage("help")
    notes: list[str] = []
    platform = next(
        (p for word, p in _PLATFORM_WORDS.items() if re.search(rf"\b{word}\b", text, re.I)), None
    )
    duration: int | None = None
    if match := _DURATION.search(text):
        seconds = int(match.group(1))
        if 8 <= seconds <= 30:
            duration = seconds
        else:
            notes.append(f"{seconds} s is outside 8–30 s; the planner picks the length")
    count = 1
    if match := _COUNT.search(text):
        word = match.group(1).lower()
        count = int(word) if word.isdigit() else _NUMBERS.get(word, 1)
        if count > MAX_REELS_PER_MESSAGE:
            notes.append(f"at most {MAX_REELS_PER_MESSAGE} reels per message; making that many")
        count = max(1, min(count, MAX_REELS_PER_MESSAGE))
    persona_match = _PERSONA.search(text)
    return ParsedMessage(
        "make_reels",
        count=count,
        platform=platform,
        duration_sec=duration,
        persona=persona_match.group(1) if persona_match else None,
        notes=notes,
    )
