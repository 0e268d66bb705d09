"""Stories for the critic unit tests."""

from __future__ import annotations

from collections.abc import Callable

from agents.decisions import Scene, Story

GOOD = [
    ("hook", 0.0, 3.0, "Your password leaked three times last year."),
    (
        "escalate",
        3.0,
        9.0,
        ("Hackers buy those lists for pennies. Then they try every login you own."),
    ),
    (
        "twist",
        9.0,
        15.5,
        ("Passkeys end that. There is no secret to steal, your phone signs in for you."),
    ),
    ("loop", 15.5, 21.0, "So next time your password leaks, and it will, try a passkey..."),
]

StoryFactory = Callable[..., Story]


def make_story(parts: list[tuple[str, float, float, str]]) -> Story:
    return Story(
        title="passkeys",
        caption="",
        scenes=[
            Scene(
                purpose=p,
                start_sec=s,
                end_sec=e,
                narration=n,
                on_screen_text="",  # type: ignore[arg-type]
                visual_prompt="",
            )
            for p, s, e, n in parts
        ],
    )
