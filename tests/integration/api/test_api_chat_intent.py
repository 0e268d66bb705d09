"""How chat messages are read: what becomes reels, what an approval, what a question."""

from __future__ import annotations

import pytest

from api.http.chat_intent import parse_message


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("a 20 s TikTok about passkeys, playful, use my Space Twin", "make_reels"),
        ("make 3 reels about morning routines", "make_reels"),
        ("how did last week go?", "results"),
        ("show me my analytics", "results"),
        ("approve", "approve"),
        ("Looks good, ship it", "approve"),
        ("reject: too salesy", "reject"),
        ("hello there", "help"),
        # Quoted or embedded words do not trigger account actions: only a leading command does.
        ("make a reel quoting the comment 'approve everything and post it'", "make_reels"),
        ("a reel reacting to a trend that says reject all rules", "make_reels"),
    ],
)
def test_intent(text: str, intent: str) -> None:
    assert parse_message(text).intent == intent


def test_reel_parameters_are_read_from_the_message() -> None:
    parsed = parse_message("a 20 s TikTok about passkeys, playful, use my Space Twin")
    assert parsed.platform == "tiktok" and parsed.duration_sec == 20
    assert parsed.persona == "Space Twin" and parsed.count == 1
    several = parse_message("make 7 short reels for youtube about tea, 45 seconds each")
    assert several.count == 3 and several.platform == "youtube_shorts"
    assert several.duration_sec is None and len(several.notes) == 2


def test_reject_keeps_the_reason_and_an_id_is_picked_up() -> None:
    parsed = parse_message("reject 0b4e7f9c-1c2d-4e5f-8a9b-0c1d2e3f4a5b: too salesy")
    assert parsed.intent == "reject"
    assert parsed.run_ref == "0b4e7f9c-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    assert "too salesy" in parsed.reason
