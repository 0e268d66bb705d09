"""Reads several nodes share: the run being executed and the platform's rules."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from agents.critic.rules import PlatformRules, rules_from_profile
from agents.decisions import MAX_REEL_SECONDS
from storage.orchestration import AgentRun
from tools.agent_tools import platform_profile_dict, platform_profile_record


def load_run(session: Session, run_id: str) -> AgentRun:
    run = session.get(AgentRun, uuid.UUID(run_id))
    if run is None:
        raise LookupError(f"agent run {run_id} does not exist")
    return run


def platform_rules(session: Session, user_id: uuid.UUID, platform: str) -> PlatformRules:
    """The critic's rules from the platform profile table (the creator's own first)."""
    profile = platform_facts(session, user_id, platform)
    return rules_from_profile(
        platform,
        ideal_length_sec=min(float(profile["ideal_length_sec"]), MAX_REEL_SECONDS),
        hook_window_seconds=profile["hook_window_seconds"],
        loop_weight=profile["loop_weight"],
        ideal_words_per_second=profile.get("ideal_words_per_second"),
        accept_threshold=profile.get("accept_threshold"),
        max_duration_sec=min(
            float(profile.get("max_duration_sec", MAX_REEL_SECONDS)), MAX_REEL_SECONDS
        ),
    )


def platform_facts(session: Session, user_id: uuid.UUID, platform: str) -> dict[str, Any]:
    return platform_profile_dict(platform_profile_record(session, user_id, platform))
