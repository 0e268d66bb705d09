from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from agents.critic import Critic, default_rules
from evals.critic.compare import compare_results
from evals.critic.dataset import DatasetError, load_dataset, text_to_story
from evals.critic.gates import check_gates, parse_gate
from evals.critic.report import render_html, summary_table
from evals.critic.runner import run_critic_eval

STRONG = "She lost $4,000 to a scam that started with one text."
WEAK = "Are scams bad?"
STORY = "She quit her job after her boss said this."
LONG_WEAK = "Maybe this is kind of a random thought about some stuff and things, I guess."


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_pairs_run_reports_critic_baselines_consistency_and_provenance(tmp_path: Path) -> None:
    rows = [
        {
            "id": f"p{i}",
            "kind": "hook",
            "a": STORY if i % 2 else LONG_WEAK,
            "b": LONG_WEAK if i % 2 else STORY,
            "winner": "a" if i % 2 else "b",
            "strength": float(i),
        }
        for i in range(40)
    ]
    dataset = load_dataset(_write(tmp_path / "pairs.jsonl", rows))
    result = run_critic_eval(dataset, Critic(), repeats=2)
    assert result.summary["accuracy"] == 1.0
    assert set(result.scorers) == {
        "critic",
        "text_length",
        "has_number",
        "has_question",
        "second_person",
        "shuffled",
    }
    assert result.consistency.agreement == 1.0
    assert len(result.dataset_sha256) == 64
    assert result.critic_config["kind"] == "offline"
    assert len(result.scorers["critic"].by_bucket) == 3
    assert result.summary["lift_over_best_baseline"] > 0
    html = render_html(result)
    assert html.count("data:image/png;base64,") >= 2
    assert summary_table(result).row_count == 6


def test_scored_run_computes_within_group_spearman_and_separation(tmp_path: Path) -> None:
    rng = random.Random(4)
    openers = [STRONG, WEAK, "I tested 3 phones for 60 days.", "Things are interesting maybe."]
    rows = []
    for group in ("g1", "g2"):
        for i in range(25):
            text = openers[i % 4]
            outcome = (1.0 if text in (STRONG, openers[2]) else 0.0) + rng.random() * 0.1
            rows.append(
                {
                    "id": f"{group}-{i}",
                    "kind": "hook",
                    "group": group,
                    "text": text,
                    "outcome": outcome,
                }
            )
    rows.append({"id": "small-1", "kind": "hook", "group": "tiny", "text": WEAK, "outcome": 0})
    result = run_critic_eval(load_dataset(_write(tmp_path / "s.jsonl", rows)), Critic())
    critic = result.scorers["critic"]
    assert critic.groups_used == 2
    assert critic.spearman_within_groups is not None
    assert critic.spearman_within_groups.value > 0.5
    assert critic.separation is not None and critic.separation.value > 0.5
    assert "spearman" in result.summary
    html = render_html(result)
    assert "Spearman" in html and html.count("data:image/png;base64,") == 2


def test_script_rows_accept_plain_text_and_structured_scenes(tmp_path: Path) -> None:
    structured = {
        "scenes": [
            {"purpose": "hook", "start_sec": 0, "end_sec": 3, "narration": "I tested 3 phones."},
            {
                "purpose": "loop",
                "start_sec": 3,
                "end_sec": 6,
                "narration": "So test your phones...",
            },
        ]
    }
    rows = [
        {
            "id": "s1",
            "kind": "script",
            "platform": "tiktok",
            "a": structured,
            "b": "Phones are nice. They do things. Some are good. The end.",
            "winner": "a",
        }
    ]
    dataset = load_dataset(_write(tmp_path / "s.jsonl", rows))
    assert [s.purpose for s in dataset.pairs[0].b.story.scenes] == [  # type: ignore[union-attr]
        "hook",
        "escalate",
        "twist",
        "loop",
    ]
    result = run_critic_eval(dataset, Critic(), repeats=1)
    assert result.rows == 1


def test_text_to_story_times_scenes_at_the_ideal_pace() -> None:
    story = text_to_story(
        "One two three four five. Six seven. Eight nine. Ten eleven twelve.",
        default_rules("tiktok"),
    )
    assert story.scenes[0].end_sec == pytest.approx(5 / 2.6, abs=0.01)
    assert story.scenes[-1].end_sec == story.duration_sec


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "x", "kind": "hook", "a": "A", "b": "B", "winner": "c"}, "winner"),
        ({"id": "x", "kind": "video", "a": "A", "b": "B", "winner": "a"}, "kind"),
        ({"id": "x", "kind": "hook", "a": "", "b": "B", "winner": "a"}, "field 'a'"),
        ({"id": "x", "kind": "hook", "text": "A"}, "winner"),
        (
            {
                "id": "x",
                "kind": "script",
                "platform": "myspace",
                "a": "a b c d",
                "b": "a b c d",
                "winner": "a",
            },
            "platform",
        ),
    ],
)
def test_bad_rows_are_refused_with_the_field_named(
    tmp_path: Path, row: dict[str, object], message: str
) -> None:
    with pytest.raises(DatasetError, match=message):
        load_dataset(_write(tmp_path / "bad.jsonl", [row]))


def test_mixed_formats_are_refused(tmp_path: Path) -> None:
    rows = [
        {"id": "1", "kind": "hook", "a": "A", "b": "B", "winner": "a"},
        {"id": "2", "kind": "hook", "text": "A", "outcome": 1.0},
    ]
    with pytest.raises(DatasetError, match="mixes"):
        load_dataset(_write(tmp_path / "mixed.jsonl", rows))


def test_gates_parse_and_check(tmp_path: Path) -> None:
    rows = [{"id": "1", "kind": "hook", "a": STRONG, "b": WEAK, "winner": "a"}]
    result = run_critic_eval(load_dataset(_write(tmp_path / "g.jsonl", rows)), Critic())
    outcomes = check_gates(result, [parse_gate("accuracy=0.9"), parse_gate("nope=0.1")])
    assert [o.passed for o in outcomes] == [True, False]
    with pytest.raises(ValueError, match="METRIC=VALUE"):
        parse_gate("accuracy")
    with pytest.raises(ValueError, match="not a number"):
        parse_gate("accuracy=high")


def test_compare_counts_flipped_rows_and_warns_on_changes(tmp_path: Path) -> None:
    rows = [
        {"id": "1", "kind": "hook", "a": STRONG, "b": WEAK, "winner": "a"},
        {"id": "2", "kind": "hook", "a": STRONG, "b": WEAK, "winner": "b"},
    ]
    first = run_critic_eval(load_dataset(_write(tmp_path / "c.jsonl", rows)), Critic())
    rows[1]["winner"] = "a"
    second = run_critic_eval(load_dataset(_write(tmp_path / "d.jsonl", rows)), Critic())
    comparison = compare_results(first, second)
    assert comparison.flipped_rows == 1
    assert comparison.compared_rows == 2
    assert any("different datasets" in w for w in comparison.warnings)
