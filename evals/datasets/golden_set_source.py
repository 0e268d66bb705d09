"""Build ``golden_script_pairs.jsonl`` from the hand-written base scripts in ``golden_bases.json``.

Each base is a good script written by hand for a topic, platform and persona, plus hand-written
bad parts: a weak opener, a flat sign-off, an off-persona rewrite and padding. Every pair holds
the good script and one variant that is worse for exactly one stated reason:

* ``weak_vs_strong_hook``: the opener is replaced by the base's weak opener;
* ``pacing_off_ideal``: same words, but escalate is squeezed into a third of its time and twist
  is stretched to fill the rest (far too dense, then far too sparse);
* ``no_loop_vs_loop``: the ending that calls back to the opening is replaced by a flat sign-off;
* ``persona_drift``: the off-persona rewrite (banned phrases, wrong vocabulary, no signature);
* ``over_length``: padding pushes the script to ≥1.2× the target duration (bases whose
  padding cannot do that within 30 s get no over_length pair);
* ``structure_broken``: beats out of order with a dead gap in the timeline.

Timings are set from word counts at the platform's ideal pace (rounded to 0.5 s), so only the
stated reason differs. Run ``python evals/datasets/golden_set_source.py`` to rebuild; the order
of a/b within each row is shuffled with a fixed seed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from agents.critic import default_rules
from agents.decisions import count_words

OUT = Path(__file__).with_name("golden_script_pairs.jsonl")
PURPOSES = ("hook", "escalate", "twist", "loop")
SEED = 9
_HAND_WRITTEN = json.loads(Path(__file__).with_name("golden_bases.json").read_text("utf-8"))
PERSONAS: dict[str, dict[str, Any]] = _HAND_WRITTEN["personas"]
BASES: list[dict[str, Any]] = _HAND_WRITTEN["bases"]


def _half_seconds(value: float) -> float:
    return max(1.0, round(value * 2) / 2)


def _scenes(
    narrations: list[str], purposes: list[str], durations: list[float], gap_after: int | None = None
) -> dict[str, Any]:
    scenes = []
    start = 0.0
    for index, (purpose, text, duration) in enumerate(
        zip(purposes, narrations, durations, strict=True)
    ):
        end = round(start + duration, 2)
        scenes.append({"purpose": purpose, "start_sec": start, "end_sec": end, "narration": text})
        start = end + (1.5 if gap_after == index else 0.0)
    return {"scenes": scenes}


def _paced(narrations: list[str], wps: float) -> list[float]:
    return [_half_seconds(count_words(text) / wps) for text in narrations]


def _row(
    base: dict[str, Any],
    label: str,
    good: dict[str, Any],
    bad: dict[str, Any],
    reason: str,
    target: int,
    rng: random.Random,
) -> dict[str, Any]:
    good_is_a = rng.random() < 0.5
    return {
        "id": f"golden-{base['topic'].replace(' ', '-')}-{label}",
        "kind": "script",
        "platform": base["platform"],
        "target_duration_sec": target,
        "persona": PERSONAS[base["persona"]],
        "a": good if good_is_a else bad,
        "b": bad if good_is_a else good,
        "winner": "a" if good_is_a else "b",
        "label": label,
        "reason": reason,
    }


def build() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    rows: list[dict[str, Any]] = []
    for base in BASES:
        wps = default_rules(base["platform"]).ideal_words_per_second
        narr: list[str] = base["scenes"]
        durations = _paced(narr, wps)
        target = round(sum(durations))
        good = _scenes(narr, list(PURPOSES), durations)

        weak = [base["weak_hook"], *narr[1:]]
        rows.append(
            _row(
                base,
                "weak_vs_strong_hook",
                good,
                _scenes(weak, list(PURPOSES), _paced(weak, wps)),
                f"the weaker one opens with a vague or empty line ({base['weak_hook']!r}) "
                f"instead of a concrete claim ({narr[0]!r})",
                target,
                rng,
            )
        )

        squeezed = durations[1] / 3
        off = [durations[0], squeezed, durations[2] + durations[1] - squeezed, durations[3]]
        rows.append(
            _row(
                base,
                "pacing_off_ideal",
                good,
                _scenes(narr, list(PURPOSES), off),
                f"same words, but escalate is crammed into {squeezed:.1f} s "
                f"(~{count_words(narr[1]) / squeezed:.1f} words/s) and twist is "
                f"stretched, against an ideal of {wps} words/s",
                target,
                rng,
            )
        )

        flat = [*narr[:3], base["flat_ending"]]
        rows.append(
            _row(
                base,
                "no_loop_vs_loop",
                good,
                _scenes(flat, list(PURPOSES), _paced(flat, wps)),
                f"the weaker one ends on a flat sign-off ({base['flat_ending']!r}) "
                "instead of a line that calls back to the opening",
                target,
                rng,
            )
        )

        drift: list[str] = base["drift"]
        persona = PERSONAS[base["persona"]]
        rows.append(
            _row(
                base,
                "persona_drift",
                good,
                _scenes(drift, list(PURPOSES), _paced(drift, wps)),
                f"the weaker one drifts from {persona['persona_name']}: wrong "
                f"vocabulary and sentence length, banned phrases "
                f"({', '.join(persona['banned_phrases'])}) and none of the signature "
                "words",
                target,
                rng,
            )
        )

        padded = list(narr)
        for extra in base["padding"]:
            candidate = [padded[0], padded[1] + " " + extra, *padded[2:]]
            if sum(_paced(candidate, wps)) <= 30:
                padded = candidate
        padded_durations = _paced(padded, wps)
        if sum(padded_durations) >= 1.2 * target:
            rows.append(
                _row(
                    base,
                    "over_length",
                    good,
                    _scenes(padded, list(PURPOSES), padded_durations),
                    f"padding stretches it to {sum(padded_durations):g} s against a "
                    f"{target} s target",
                    target,
                    rng,
                )
            )

        order = [1, 0, 3, 2]
        rows.append(
            _row(
                base,
                "structure_broken",
                good,
                _scenes(
                    [narr[i] for i in order],
                    [PURPOSES[i] for i in order],
                    [durations[i] for i in order],
                    gap_after=1,
                ),
                "beats out of order (escalate before the hook, loop before the twist) "
                "with a 1.5 s dead gap",
                target,
                rng,
            )
        )
    return rows


def main() -> None:
    rows = build()
    OUT.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    print(f"wrote {len(rows)} pairs to {OUT}")


if __name__ == "__main__":
    main()
