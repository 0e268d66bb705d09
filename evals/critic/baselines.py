"""Trivial scorers reported beside the critic, so its numbers mean something.

If the critic cannot beat "the longer text wins" or a coin flip, it has not earned its place.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from agents.decisions import count_words

_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(you|your|you're|yourself)\b", re.IGNORECASE)

TextScorer = Callable[[str], float]


def text_length(text: str) -> float:
    return float(count_words(text))


def has_number(text: str) -> float:
    return 1.0 if _NUMBER.search(text) else 0.0


def has_question(text: str) -> float:
    return 1.0 if "?" in text else 0.0


def second_person(text: str) -> float:
    return 1.0 if _SECOND_PERSON.search(text) else 0.0


def shuffled(seed: int) -> TextScorer:
    """Random scores from a seeded generator: what chance looks like on this dataset."""
    rng = random.Random(seed)

    def score(_text: str) -> float:
        return rng.random()

    return score


def baselines(seed: int) -> dict[str, TextScorer]:
    """Every baseline, by the name it is reported under."""
    return {
        "text_length": text_length,
        "has_number": has_number,
        "has_question": has_question,
        "second_person": second_person,
        "shuffled": shuffled(seed),
    }
