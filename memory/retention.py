"""Which memories a rolling compaction keeps (seed 000 §14: top-K per topic/twin/persona).

Pure policy, no I/O, so the rules can be read and tested on their own. The service feeds it the
rows and deletes what it returns.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFAULT_TOP_K = 50
DEFAULT_MAX_AGE_DAYS = 365


class RetentionPolicyError(ValueError):
    """``Agent_Memory.retention_policy_json`` is malformed; the message names the key."""


@dataclass(frozen=True)
class RetentionPolicy:
    """How much memory a user keeps.

    ``top_k`` memories per (kind, topic, twin, persona), best first; anything older than
    ``max_age_days`` or scoring below ``min_score`` goes regardless (``None`` disables a rule).
    """

    top_k: int = DEFAULT_TOP_K
    max_age_days: int | None = DEFAULT_MAX_AGE_DAYS
    min_score: float | None = None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> RetentionPolicy:
        """Parse ``retention_policy_json``; missing keys take the defaults, unknown ones fail."""
        raw = dict(raw or {})
        unknown = set(raw) - {"top_k", "max_age_days", "min_score"}
        if unknown:
            raise RetentionPolicyError(
                f"retention_policy_json has unknown key(s) {sorted(unknown)}; "
                "valid: top_k, max_age_days, min_score"
            )
        top_k = raw.get("top_k", DEFAULT_TOP_K)
        if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
            raise RetentionPolicyError(
                f"retention_policy_json.top_k must be a positive integer, got {top_k!r}"
            )
        max_age = raw.get("max_age_days", DEFAULT_MAX_AGE_DAYS)
        if max_age is not None and (
            isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 1
        ):
            raise RetentionPolicyError(
                "retention_policy_json.max_age_days must be a positive integer or null, "
                f"got {max_age!r}"
            )
        min_score = raw.get("min_score")
        if min_score is not None and (
            isinstance(min_score, bool)
            or not isinstance(min_score, int | float)
            or not 0.0 <= float(min_score) <= 1.0
        ):
            raise RetentionPolicyError(
                f"retention_policy_json.min_score must be in [0, 1] or null, got {min_score!r}"
            )
        return cls(
            top_k=top_k,
            max_age_days=max_age,
            min_score=float(min_score) if min_score is not None else None,
        )

    def with_top_k(self, top_k: int | None) -> RetentionPolicy:
        if top_k is None:
            return self
        if top_k < 1:
            raise RetentionPolicyError(f"top_k must be a positive integer, got {top_k}")
        return dataclasses.replace(self, top_k=top_k)


@dataclass(frozen=True)
class Candidate:
    """What compaction needs to know about one memory."""

    memory_id: uuid.UUID
    kind: str
    topic: str
    ai_twin_id: uuid.UUID | None
    persona_id: uuid.UUID | None
    score: float
    reuse_count: int
    created_at: datetime


def select_for_deletion(
    candidates: Iterable[Candidate], policy: RetentionPolicy, *, now: datetime
) -> dict[uuid.UUID, str]:
    """Memory id → why it goes (``too_old``, ``low_score``, ``beyond_top_k``).

    Within a group the best are kept: higher score, then more reuse, then newer.
    """
    doomed: dict[uuid.UUID, str] = {}
    groups: dict[tuple[str, str, uuid.UUID | None, uuid.UUID | None], list[Candidate]] = (
        defaultdict(list)
    )
    oldest = now - timedelta(days=policy.max_age_days) if policy.max_age_days else None
    for candidate in candidates:
        if oldest is not None and candidate.created_at < oldest:
            doomed[candidate.memory_id] = "too_old"
        elif policy.min_score is not None and candidate.score < policy.min_score:
            doomed[candidate.memory_id] = "low_score"
        else:
            key = (
                candidate.kind,
                candidate.topic.strip().lower(),
                candidate.ai_twin_id,
                candidate.persona_id,
            )
            groups[key].append(candidate)
    for members in groups.values():
        members.sort(key=lambda c: (c.score, c.reuse_count, c.created_at), reverse=True)
        for loser in members[policy.top_k :]:
            doomed[loser.memory_id] = "beyond_top_k"
    return doomed
