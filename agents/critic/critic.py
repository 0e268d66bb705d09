"""The critic the graph and the evals call: deterministic features, plus an optional judge."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agents.critic.hook_strength import BIAS, WEIGHTS
from agents.critic.llm_judge import combine, judge_hook, judge_story
from agents.critic.rules import PlatformRules
from agents.critic.scoring import score_hook, score_story
from agents.decisions import CriticReport, ScoreNote, Story, WritingConstraints

CRITIC_VERSION = "critic-1.0"


class Critic:
    """Scores stories and hooks; with a ``judge_model`` the LLM rubric is blended in.

    A judge that fails (network, bad output) never fails the run: the deterministic report is
    returned with an ``info`` note saying the judge was skipped and why.
    """

    version = CRITIC_VERSION

    def __init__(self, judge_model: BaseChatModel | None = None, judge_weight: float = 0.4):
        if not 0.0 <= judge_weight <= 1.0:
            raise ValueError(f"judge_weight must be in [0, 1], got {judge_weight}")
        self.judge_model = judge_model
        self.judge_weight = judge_weight

    def config(self) -> dict[str, object]:
        """What determines this critic's scores, recorded beside eval results."""
        judge: dict[str, object] | None = None
        if self.judge_model is not None:
            judge = {
                "class": type(self.judge_model).__name__,
                "model": str(
                    getattr(self.judge_model, "model_name", None)
                    or getattr(self.judge_model, "model", "unknown")
                ),
                "weight": self.judge_weight,
            }
        return {
            "version": self.version,
            "kind": "llm" if judge else "offline",
            "judge": judge,
            "hook_weights": dict(WEIGHTS),
            "hook_bias": BIAS,
        }

    def score_story(
        self,
        story: Story,
        rules: PlatformRules,
        constraints: WritingConstraints | None = None,
        target_duration_sec: int | None = None,
    ) -> CriticReport:
        report = score_story(story, rules, constraints, target_duration_sec)
        if self.judge_model is None:
            return report
        try:
            rubric = judge_story(self.judge_model, story, rules, constraints, target_duration_sec)
        except Exception as exc:  # a judge outage must not fail the run
            return _with_skipped_judge(report, exc)
        return combine(report, rubric, self.judge_weight)

    def score_hook(self, text: str) -> float:
        deterministic = score_hook(text)
        if self.judge_model is None:
            return deterministic
        rubric = judge_hook(self.judge_model, text)
        judged = max(0.0, min(1.0, rubric.hook.score))
        return (1.0 - self.judge_weight) * deterministic + self.judge_weight * judged


def _with_skipped_judge(report: CriticReport, error: Exception) -> CriticReport:
    note = ScoreNote(
        dimension="hook",
        severity="info",
        message=f"LLM judge skipped: {type(error).__name__}: {error}"[:300],
        fix="none needed; scores are the deterministic critic's",
    )
    return report.model_copy(
        update={"notes": [*report.notes, note], "judge": "deterministic (judge failed)"}
    )
