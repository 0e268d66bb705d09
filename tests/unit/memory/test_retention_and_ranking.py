"""Compaction keeps the best per topic/twin/persona; recall ranks relevant winners first."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from memory.ranking import rank, reinforced
from memory.retention import Candidate, RetentionPolicy, RetentionPolicyError, select_for_deletion

NOW = datetime(2026, 11, 23, tzinfo=UTC)
TWIN = uuid.uuid4()


def _c(
    score: float,
    *,
    topic: str = "passkeys",
    kind: str = "hook",
    days: int = 1,
    reuse: int = 0,
    twin: uuid.UUID | None = None,
) -> Candidate:
    return Candidate(
        memory_id=uuid.uuid4(),
        kind=kind,
        topic=topic,
        ai_twin_id=twin,
        persona_id=None,
        score=score,
        reuse_count=reuse,
        created_at=NOW - timedelta(days=days),
    )


def test_top_k_per_group_keeps_the_best_and_breaks_ties_by_reuse_then_age() -> None:
    best, tied_reused, tied, worst = _c(0.9), _c(0.5, reuse=3), _c(0.5), _c(0.1)
    other_topic = _c(0.05, topic="Pasta")
    other_twin = _c(0.05, twin=TWIN)
    other_kind = _c(0.05, kind="emotion_curve")
    doomed = select_for_deletion(
        [worst, tied, best, tied_reused, other_topic, other_twin, other_kind],
        RetentionPolicy(top_k=2, max_age_days=None),
        now=NOW,
    )
    assert doomed == {tied.memory_id: "beyond_top_k", worst.memory_id: "beyond_top_k"}


def test_age_and_score_floors_apply_before_top_k() -> None:
    old, weak, fine = _c(0.99, days=400), _c(0.1), _c(0.3)
    doomed = select_for_deletion(
        [old, weak, fine], RetentionPolicy(top_k=5, max_age_days=365, min_score=0.2), now=NOW
    )
    assert doomed == {old.memory_id: "too_old", weak.memory_id: "low_score"}


def test_policy_json_defaults_and_errors() -> None:
    assert RetentionPolicy.from_json(None) == RetentionPolicy(top_k=50, max_age_days=365)
    assert RetentionPolicy.from_json({"top_k": 5, "max_age_days": None, "min_score": 0}) == (
        RetentionPolicy(top_k=5, max_age_days=None, min_score=0.0)
    )
    for bad, key in [
        ({"top_k": 0}, "top_k"),
        ({"top_k": "5"}, "top_k"),
        ({"max_age_days": -1}, "max_age_days"),
        ({"min_score": 2}, "min_score"),
        ({"topk": 5}, "unknown key"),
    ]:
        with pytest.raises(RetentionPolicyError, match=key):
            RetentionPolicy.from_json(bad)


def test_rank_needs_relevance_and_prefers_winners() -> None:
    assert rank(0.0, 1.0) == 0.0  # an unrelated winner is still unrelated
    assert rank(0.4, 0.9) > rank(0.4, 0.2)
    assert rank(0.6, 0.0) > rank(0.2, 1.0)


def test_reinforcement_moves_toward_the_outcome() -> None:
    assert reinforced(0.5, 1.0, 0.3) == pytest.approx(0.65)
    assert reinforced(0.5, 0.0, 0.3) == pytest.approx(0.35)
    assert reinforced(0.5, 0.9, 1.0) == pytest.approx(0.9)
