"""CI gates for the offline critic: real headline A/B pairs and the golden script set.

Thresholds are the measured values minus a small margin (see docs/critic.md):
Upworthy dev pairs measured 0.642 [0.618, 0.666] vs the best baseline ("longer wins") 0.576;
golden set measured 1.000 (65 pairs), verdict agreement 0.923 (good accepted, worse
retried).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.eval_commands import eval_app

DATASETS = Path(__file__).resolve().parents[3] / "evals" / "datasets"
UPWORTHY = DATASETS / "upworthy_hook_pairs_dev.jsonl"
GOLDEN = DATASETS / "golden_script_pairs.jsonl"


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(eval_app, args)
    return result.exit_code, result.output


def test_offline_critic_beats_every_baseline_on_real_headline_pairs(tmp_path: Path) -> None:
    code, output = _run(
        [
            "critic",
            "--dataset",
            str(UPWORTHY),
            "--out",
            str(tmp_path),
            "--min",
            "accuracy=0.63",
            "--min",
            "accuracy_low=0.60",
            "--min",
            "lift_over_best_baseline=0.04",
            "--min",
            "consistency=1.0",
        ]
    )
    assert code == 0, output
    result = json.loads((tmp_path / "upworthy_hook_pairs_dev-offline.json").read_text())
    scorers = result["scorers"]
    assert scorers["text_length"]["accuracy"]["value"] < 0.60
    critic_low = scorers["critic"]["accuracy"]["low"]
    for name, metrics in scorers.items():
        if name != "critic":
            assert critic_low > metrics["accuracy"]["value"], name
    assert result["rows"] == 1413
    assert len(result["dataset_sha256"]) == 64
    html = (tmp_path / "upworthy_hook_pairs_dev-offline.html").read_text()
    assert "data:image/png;base64," in html


def test_offline_critic_gets_the_golden_script_pairs_right(tmp_path: Path) -> None:
    code, output = _run(
        [
            "critic",
            "--dataset",
            str(GOLDEN),
            "--out",
            str(tmp_path),
            "--min",
            "accuracy=0.95",
            "--min",
            "verdict_agreement=0.88",
        ]
    )
    assert code == 0, output
    result = json.loads((tmp_path / "golden_script_pairs-offline.json").read_text())
    by_label = result["scorers"]["critic"]["by_label"]
    assert set(by_label) == {
        "weak_vs_strong_hook",
        "pacing_off_ideal",
        "no_loop_vs_loop",
        "persona_drift",
        "over_length",
        "structure_broken",
    }
    assert all(estimate["value"] >= 0.9 for estimate in by_label.values()), by_label
    assert result["rows"] >= 60


def test_missed_threshold_exits_non_zero(tmp_path: Path) -> None:
    code, output = _run(
        [
            "critic",
            "--dataset",
            str(GOLDEN),
            "--out",
            str(tmp_path),
            "--min",
            "accuracy=1.01",
        ]
    )
    assert code == 1
    assert "FAIL accuracy" in output


def test_bad_gate_and_compare(tmp_path: Path) -> None:
    code, output = _run(
        ["critic", "--dataset", str(GOLDEN), "--out", str(tmp_path), "--min", "accuracy"]
    )
    assert code == 2 and "METRIC=VALUE" in output
    assert _run(["critic", "--dataset", str(GOLDEN), "--out", str(tmp_path)])[0] == 0
    result = tmp_path / "golden_script_pairs-offline.json"
    code, output = _run(["compare", str(result), str(result)])
    assert code == 0, output
    assert "0 of 65 shared rows changed call" in output
