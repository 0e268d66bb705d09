"""The LLM critic through the real langchain-openai ChatOpenAI path, against a loopback fake."""

from __future__ import annotations

import json
from pathlib import Path

from fake_judge_server import FakeJudgeServer
from langchain_openai import ChatOpenAI
from typer.testing import CliRunner

from agents.critic import Critic, default_rules
from api.eval_commands import eval_app
from evals.critic.dataset import text_to_story

GOLDEN = Path(__file__).resolve().parents[3] / "evals" / "datasets" / "golden_script_pairs.jsonl"


def _chat(base_url: str) -> ChatOpenAI:
    return ChatOpenAI(
        model="fake-judge",
        api_key="test-key",  # type: ignore[arg-type]
        base_url=base_url,
        max_retries=0,
        timeout=10,
    )


def test_llm_judge_blends_into_the_report() -> None:
    story = text_to_story(
        "Your password leaked three times. Hackers buy the lists. Passkeys end that. "
        "So next time your password leaks...",
        default_rules("tiktok"),
    )
    with FakeJudgeServer() as server:
        critic = Critic(judge_model=_chat(server.base_url), judge_weight=0.5)
        report = critic.score_story(story, default_rules("tiktok"))
        hook_only = critic.score_hook("Are air fryers good?")
    deterministic = Critic().score_story(story, default_rules("tiktok"))
    assert report.judge == "deterministic+llm"
    assert report.features["judge_hook_score"] == 0.8
    assert report.hook_score == (deterministic.hook_score + 0.8) / 2
    assert any(note.fix == "echo the hook's key words in the last line" for note in report.notes)
    assert hook_only == (Critic().score_hook("Are air fryers good?") + 0.3) / 2
    request = server.requests[0]
    assert request["model"] == "fake-judge"
    assert request["response_format"]["type"] == "json_schema"
    assert "hook window 3 s" in json.dumps(request["messages"])


def test_malformed_judge_output_falls_back_to_deterministic() -> None:
    story = text_to_story(
        "I tested 3 phones. One died. One lied. So test yours...", default_rules("tiktok")
    )
    with FakeJudgeServer(malformed=True) as server:
        report = Critic(judge_model=_chat(server.base_url)).score_story(
            story, default_rules("tiktok")
        )
    assert report.judge == "deterministic (judge failed)"
    assert any("LLM judge skipped" in note.message for note in report.notes)


def test_eval_cli_runs_the_llm_critic_and_reports_spread(tmp_path: Path) -> None:
    with FakeJudgeServer() as server:
        result = CliRunner().invoke(
            eval_app,
            [
                "critic",
                "--dataset",
                str(GOLDEN),
                "--limit",
                "4",
                "--critic",
                "llm",
                "--out",
                str(tmp_path),
                "--openai-base-url",
                server.base_url,
                "--openai-api-key",
                "test-key",
                "--judge-model",
                "fake-judge",
                "--repeats",
                "2",
            ],
        )
        calls = len(server.requests)
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "golden_script_pairs-llm.json").read_text())
    assert saved["critic_config"]["kind"] == "llm"
    assert saved["critic_config"]["judge"]["model"] == "fake-judge"
    assert saved["consistency"]["repeats"] == 2
    assert saved["consistency"]["agreement"] == 1.0  # the fake judge is deterministic
    assert calls == 4 * 2 * 2  # rows × sides × repeats
