"""The critic agent: deterministic, explainable scores of a story, plus an optional LLM judge."""

from agents.critic.critic import CRITIC_VERSION, Critic
from agents.critic.hook_strength import hook_strength
from agents.critic.llm_judge import JudgeRubric, RubricScore, combine
from agents.critic.rules import PlatformRules, default_rules, rules_from_profile
from agents.critic.scoring import format_feedback, score_hook, score_story, sort_notes

__all__ = [
    "CRITIC_VERSION",
    "Critic",
    "JudgeRubric",
    "PlatformRules",
    "RubricScore",
    "combine",
    "default_rules",
    "format_feedback",
    "hook_strength",
    "rules_from_profile",
    "score_hook",
    "score_story",
    "sort_notes",
]
