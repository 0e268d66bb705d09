from __future__ import annotations

import pytest
from critic_story_factory import GOOD

from agents.decisions import WritingConstraints


@pytest.fixture
def good_parts() -> list[tuple[str, float, float, str]]:
    return list(GOOD)


@pytest.fixture
def constraints() -> WritingConstraints:
    return WritingConstraints(
        persona_id="space",
        persona_name="Nova",
        sentence_length="short",
        max_words_per_sentence=14,
        energy="high",
        vocabulary_level="conversational",
        point_of_view="second_person",
        banned_phrases=["game-changer"],
        catchphrases=[],
        signature_words=["passkey", "signal"],
    )
