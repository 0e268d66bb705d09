"""Where runs meet creative memory: recalling winning patterns and recording their use."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from graph.context import RunContext
from storage.memory import CreativeMemory, MemoryUsage
from tools.agent_tools import PatternRecall


def pattern_recall(ctx: RunContext, user_id: uuid.UUID) -> PatternRecall | None:
    """The memory index's recall scoped to one creator, or None to fall back to SQL."""
    memory = ctx.memory
    if memory is None:
        return None

    def recall(
        query: str, *, platform: str | None, persona_id: str | None, limit: int
    ) -> list[dict[str, Any]]:
        persona = _maybe_uuid(persona_id)
        hits = memory.recall(user_id, query, platform=platform, persona_id=persona, k=limit)
        if not hits and persona is not None:  # a new persona still learns from the others
            hits = memory.recall(user_id, query, platform=platform, k=limit)
        return [hit.as_prompt_dict() for hit in hits]

    return recall


def _maybe_uuid(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def record_memory_usage(
    session: Session, user_id: uuid.UUID, job_id: uuid.UUID, memory_refs: list[str]
) -> list[dict[str, Any]]:
    """A ``memory_usage`` row and ``reuse_count + 1`` for each memory of this creator a run used.

    Ids the model made up, or that belong to someone else, are ignored.
    """
    ids: list[uuid.UUID] = []
    for ref in dict.fromkeys(memory_refs):
        try:
            ids.append(uuid.UUID(ref))
        except ValueError:
            continue
    if not ids:
        return []
    owned = session.scalars(
        select(CreativeMemory)
        .where(CreativeMemory.id.in_(ids))
        .where(CreativeMemory.user_id == user_id)
    ).all()
    for row in owned:
        session.add(MemoryUsage(user_id=user_id, memory_id=row.id, job_id=job_id))
        row.reuse_count += 1
    return [
        {"id": str(row.id), "kind": str(row.type), "text": row.text, "score": row.score}
        for row in owned
    ]
