"""Creative memory: what won, kept in SQL, searchable through Chroma.

SQL ``creative_memory``/``memory_usage`` are the record of truth; the Chroma index is derived
and can be rebuilt from them (``reindex``). Every write therefore goes to SQL first inside a
transaction and then to Chroma before the commit: if Chroma fails the SQL work rolls back, and
if the commit fails the vector just written is removed. Recall reads candidates from Chroma but
answers with the SQL rows (current score and reuse count; a vector without a row is ignored).
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from memory.index import IndexRecord, MemoryIndex, MetadataValue
from memory.ranking import rank, reinforced
from memory.retention import Candidate, RetentionPolicy, select_for_deletion
from storage.database import transaction
from storage.enums import MemoryType, Platform
from storage.memory import AgentMemory, CreativeMemory, MemoryUsage

MEMORY_KINDS: tuple[str, ...] = tuple(kind.value for kind in MemoryType)
CANDIDATES_PER_KIND_FACTOR = 4  # fetch more than k so score and SQL checks can reorder/drop
FILTER_OVERFETCH = 20  # with filters, first read the nearest want * 20 (at least 400)
MIN_FILTER_SCAN = 400
MAX_FILTER_SCAN = 2000  # nearest hits read before switching to "search among the SQL matches"
MAX_FILTER_IDS = 50_000
REINDEX_BATCH = 1000


class MemoryArgumentError(ValueError):
    """A bad argument to the memory service; the message names the field and value."""


class MemoryNotFoundError(MemoryArgumentError):
    """A memory id that does not exist (or belongs to someone else)."""


@dataclass(frozen=True)
class NewMemory:
    """A pattern to remember (see :meth:`CreativeMemoryService.remember` for the fields)."""

    kind: str
    text: str
    score: float
    platform: str | None = None
    topic: str = ""
    persona_id: uuid.UUID | None = None
    ai_twin_id: uuid.UUID | None = None
    reference_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Raise :class:`MemoryArgumentError` naming the first bad field."""
        _check_kind(self.kind)
        _check_score("score", self.score)
        if not self.text.strip():
            raise MemoryArgumentError(
                f"text must not be empty (kind={self.kind!r}, topic={self.topic!r})"
            )
        if self.platform is not None:
            _check_platform(self.platform)

    def row(self, user_id: uuid.UUID, embedder: str, now: datetime) -> CreativeMemory:
        return CreativeMemory(
            id=uuid.uuid4(),
            user_id=user_id,
            type=MemoryType(self.kind),
            text=self.text,
            score=float(self.score),
            platform=Platform(self.platform) if self.platform else None,
            topic=self.topic,
            persona_id=self.persona_id,
            ai_twin_id=self.ai_twin_id,
            reference_id=self.reference_id,
            metadata_json=dict(self.metadata),
            reuse_count=0,
            embedding_kind=embedder,
            created_at=now,
        )


@dataclass(frozen=True)
class _Filters:
    """Recall's exact filters, checked in Python on rows fetched by primary key.

    Why not in the SQL WHERE next to ``id IN (…)``: with bound parameters SQLite prefers the
    (user_id, type, score) index over the primary key and scans every memory of the user
    (about 1 s at 100k rows instead of 2 ms).
    """

    platform: Platform | None = None
    persona_id: uuid.UUID | None = None
    ai_twin_id: uuid.UUID | None = None
    min_score: float | None = None

    def active(self) -> bool:
        return any(
            value is not None
            for value in (self.platform, self.persona_id, self.ai_twin_id, self.min_score)
        )

    def matches(self, row: Any) -> bool:  # a Row of _FILTER_COLUMNS or a CreativeMemory
        return (
            (self.platform is None or row.platform == self.platform)
            and (self.persona_id is None or row.persona_id == self.persona_id)
            and (self.ai_twin_id is None or row.ai_twin_id == self.ai_twin_id)
            and (self.min_score is None or row.score >= self.min_score)
        )


_FILTER_COLUMNS = (
    CreativeMemory.id,
    CreativeMemory.user_id,
    CreativeMemory.type,
    CreativeMemory.platform,
    CreativeMemory.persona_id,
    CreativeMemory.ai_twin_id,
    CreativeMemory.score,
)


@dataclass(frozen=True)
class MemoryHit:
    """A remembered pattern that matches a query, with why it ranked where it did."""

    id: uuid.UUID
    kind: str
    text: str
    score: float
    similarity: float
    rank: float
    topic: str
    platform: str | None
    persona_id: uuid.UUID | None
    ai_twin_id: uuid.UUID | None
    reference_id: str | None
    reuse_count: int
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_prompt_dict(self) -> dict[str, Any]:
        """A JSON-ready view for prompts and run output (ids as strings, rounded numbers)."""
        return {
            "id": str(self.id),
            "kind": self.kind,
            "text": self.text,
            "score": round(self.score, 3),
            "similarity": round(self.similarity, 3),
            "topic": self.topic,
            "platform": self.platform,
            "reuse_count": self.reuse_count,
            "metadata": self.metadata,
        }


@dataclass(frozen=True)
class CompactionReport:
    user_id: uuid.UUID
    policy: RetentionPolicy
    kept: int
    deleted: dict[str, int]  # reason → count

    @property
    def deleted_total(self) -> int:
        return sum(self.deleted.values())


@dataclass(frozen=True)
class ReindexReport:
    users: int
    memories: int
    embedder: str


@dataclass(frozen=True)
class MemoryStats:
    """What ``twinreel memory stats`` shows and ``Agent_Memory.index_stats_json`` stores."""

    user_id: uuid.UUID
    embedder: str
    dims: int
    size: int  # vectors in Chroma
    sql_size: int  # rows in creative_memory
    per_kind: dict[str, int]
    last_compaction_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if key != "user_id"}


class CreativeMemoryService:
    """Remember, recall, reinforce and compact a user's creative memory."""

    def __init__(self, session_factory: sessionmaker[Session], index: MemoryIndex) -> None:
        self._sessions = session_factory
        self._index = index

    @property
    def index(self) -> MemoryIndex:
        return self._index

    # -- writing -------------------------------------------------------------------------

    def remember(
        self,
        user_id: uuid.UUID,
        kind: str,
        text: str,
        *,
        score: float,
        platform: str | None = None,
        topic: str = "",
        persona_id: uuid.UUID | None = None,
        ai_twin_id: uuid.UUID | None = None,
        reference_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> uuid.UUID:
        """Store one winning pattern (SQL row + vector, all or nothing); returns its id."""
        memory = NewMemory(
            kind=kind,
            text=text,
            score=score,
            platform=platform,
            topic=topic,
            persona_id=persona_id,
            ai_twin_id=ai_twin_id,
            reference_id=reference_id,
            metadata=dict(metadata or {}),
        )
        return self.remember_many(user_id, [memory])[0]

    def remember_many(self, user_id: uuid.UUID, memories: Sequence[NewMemory]) -> list[uuid.UUID]:
        """Store several memories atomically (e.g. the hook, curve and topic of one accepted
        story): either every SQL row and vector is written, or none is."""
        for memory in memories:
            memory.check()
        if not memories:
            return []
        # Embed before any write lock is taken: a slow embedding API must not block writers.
        embeddings = self._index.embed_documents([memory.text for memory in memories])
        now = datetime.now(UTC)
        rows = [memory.row(user_id, self._index.embedder.identity, now) for memory in memories]
        by_kind: dict[str, list[int]] = defaultdict(list)
        for position, row in enumerate(rows):
            by_kind[row.type.value].append(position)
        written: list[tuple[str, list[str]]] = []
        try:
            with transaction(self._sessions) as session:
                session.add_all(rows)
                session.flush()
                for kind, positions in by_kind.items():
                    ids = [str(rows[p].id) for p in positions]
                    written.append((kind, ids))
                    self._index.add(
                        user_id,
                        kind,
                        [_record(rows[p]) for p in positions],
                        embeddings=[embeddings[p] for p in positions],
                    )
        except BaseException:
            for kind, ids in written:  # the SQL rows rolled back: take the vectors back too
                with contextlib.suppress(Exception):
                    self._index.delete(user_id, kind, ids)
            raise
        return [row.id for row in rows]

    def record_usage(
        self, memory_ids: Iterable[uuid.UUID], job_id: uuid.UUID | None
    ) -> list[uuid.UUID]:
        """Note that these memories shaped ``job_id``: a ``memory_usage`` row and reuse +1 each.

        Returns the ``memory_usage`` ids. Unknown memory ids fail the whole call.
        """
        ids = list(dict.fromkeys(memory_ids))
        if not ids:
            return []
        usage_ids: list[uuid.UUID] = []
        now = datetime.now(UTC)
        with transaction(self._sessions) as session:
            rows = _load(session, ids)
            for memory_id in ids:
                usage = MemoryUsage(
                    id=uuid.uuid4(),
                    user_id=rows[memory_id].user_id,
                    memory_id=memory_id,
                    job_id=job_id,
                    used_at=now,
                )
                session.add(usage)
                usage_ids.append(usage.id)
            session.execute(
                update(CreativeMemory)
                .where(CreativeMemory.id.in_(ids))
                .values(reuse_count=CreativeMemory.reuse_count + 1)
                .execution_options(synchronize_session=False)
            )
            session.flush()
            for row in rows.values():
                session.refresh(row)
            self._sync_metadata(rows.values())
        return usage_ids

    def reinforce(self, memory_id: uuid.UUID, outcome_score: float, weight: float = 0.3) -> float:
        """Move a memory's score toward an observed outcome; returns the new score.

        ``outcome_score`` is a critic total or a normalised analytics result in [0, 1];
        ``weight`` in (0, 1] is how far one outcome moves the score.
        """
        _check_score("outcome_score", outcome_score)
        if not 0.0 < weight <= 1.0:
            raise MemoryArgumentError(f"weight must be in (0, 1], got {weight!r}")
        with transaction(self._sessions) as session:
            row = _load(session, [memory_id])[memory_id]
            row.score = reinforced(row.score, outcome_score, weight)
            session.flush()
            self._sync_metadata([row])
            return row.score

    # -- reading -------------------------------------------------------------------------

    def recall(
        self,
        user_id: uuid.UUID,
        query: str,
        *,
        kinds: Sequence[str] | None = None,
        platform: str | None = None,
        persona_id: uuid.UUID | None = None,
        ai_twin_id: uuid.UUID | None = None,
        min_score: float | None = None,
        min_similarity: float | None = None,
        k: int = 5,
    ) -> list[MemoryHit]:
        """The ``k`` best memories of ``user_id`` for ``query``: similar first, winners ahead.

        Filters are exact (``platform``, ``persona_id``, ``ai_twin_id``) or thresholds
        (``min_score`` on the memory's score, ``min_similarity`` on cosine similarity).
        """
        chosen = list(kinds) if kinds is not None else list(MEMORY_KINDS)
        for kind in chosen:
            _check_kind(kind)
        if min_score is not None:
            _check_score("min_score", min_score)
        if k <= 0 or not query.strip():
            return []
        if platform is not None:
            _check_platform(platform)
        filters = _Filters(
            platform=Platform(platform) if platform is not None else None,
            persona_id=persona_id,
            ai_twin_id=ai_twin_id,
            min_score=float(min_score) if min_score is not None else None,
        )
        embedding = self._index.embed_query(query)
        want = k * CANDIDATES_PER_KIND_FACTOR
        similarity: dict[uuid.UUID, float] = {}
        with self._sessions() as session:
            for kind in chosen:
                for memory_id, value in self._candidates(
                    session, user_id, kind, embedding, want, filters
                ).items():
                    if min_similarity is None or value >= min_similarity:
                        similarity[memory_id] = value
            if not similarity:
                return []
            rows = session.scalars(
                select(CreativeMemory).where(CreativeMemory.id.in_(list(similarity)))
            ).all()
        # The owner check is the second wall behind per-user collections.
        hits = [_hit(row, similarity[row.id]) for row in rows if row.user_id == user_id]
        hits.sort(key=lambda hit: hit.rank, reverse=True)
        return hits[:k]

    def _candidates(
        self,
        session: Session,
        user_id: uuid.UUID,
        kind: str,
        embedding: Sequence[float],
        want: int,
        filters: _Filters,
    ) -> dict[uuid.UUID, float]:
        """The ``want`` nearest memories of one kind that pass ``filters`` (id → similarity).

        Filters are checked against SQL rows, not as a Chroma ``where``: Chroma pre-filters by
        scanning metadata (about 100 ms at 100k records, see evals/benchmarks/memory.py). The
        nearest few hundred are read (ids and distances only) and checked, reading further when
        the share that passed says it is worth it; for a rare filter the matching ids come from
        SQL and Chroma searches among them.
        """
        if not filters.active():
            return {
                uuid.UUID(memory_id): value
                for memory_id, value in self._index.nearest(user_id, kind, embedding, want)
            }
        scan = max(want * FILTER_OVERFETCH, MIN_FILTER_SCAN)
        while True:
            nearest = self._index.nearest(user_id, kind, embedding, scan)
            ids = [uuid.UUID(memory_id) for memory_id, _ in nearest]
            passing = {
                row.id
                for row in session.execute(
                    select(*_FILTER_COLUMNS).where(CreativeMemory.id.in_(ids))
                )
                if row.user_id == user_id and row.type.value == kind and filters.matches(row)
            }
            found = {i: value for i, (_, value) in zip(ids, nearest, strict=True) if i in passing}
            if len(found) >= want or len(nearest) < scan:
                return dict(list(found.items())[:want])
            # The share that passed estimates how far to read; a rare filter is cheaper served
            # by searching among its SQL matches.
            needed = -(-want * 3 * len(nearest) // len(found)) if found else MAX_FILTER_SCAN + 1
            if needed > MAX_FILTER_SCAN:
                break
            scan = needed
        among = _matching_ids(session, user_id, kind, filters)
        return {
            uuid.UUID(memory_id): value
            for memory_id, value in self._index.nearest(
                user_id, kind, embedding, want, among=[str(i) for i in among]
            )
        }

    def winning_patterns(
        self,
        user_id: uuid.UUID,
        topic: str,
        *,
        kinds: Sequence[str] = ("hook", "emotion_curve", "persona", "topic"),
        platform: str | None = None,
        persona_id: uuid.UUID | None = None,
        ai_twin_id: uuid.UUID | None = None,
        k_per_kind: int = 3,
        min_score: float | None = 0.5,
        min_similarity: float | None = 0.1,
    ) -> dict[str, list[MemoryHit]]:
        """What the planner and story prompts show: the best few memories of each kind for a
        topic. Kinds with nothing relevant are left out, so an empty dict means "no memory yet".

        ``min_similarity`` keeps unrelated winners out of the prompt (0.1 suits the lexical
        embedder, whose unrelated texts score about 0).
        """
        patterns: dict[str, list[MemoryHit]] = {}
        for kind in kinds:
            hits = self.recall(
                user_id,
                topic,
                kinds=[kind],
                platform=platform,
                persona_id=persona_id,
                ai_twin_id=ai_twin_id,
                min_score=min_score,
                min_similarity=min_similarity,
                k=k_per_kind,
            )
            if hits:
                patterns[kind] = hits
        return patterns

    def get(self, memory_id: uuid.UUID) -> MemoryHit:
        """One memory as a hit with similarity 1 (for showing what a plan reused)."""
        with self._sessions() as session:
            return _hit(_load(session, [memory_id])[memory_id], 1.0)

    # -- maintenance ---------------------------------------------------------------------

    def register_agent(
        self, agent_id: uuid.UUID, user_id: uuid.UUID, *, retention_policy: Mapping[str, Any] | None
    ) -> uuid.UUID:
        """Create or update the agent's ``Agent_Memory`` row; returns its id.

        The policy is validated here so a typo fails when it is set, not at compaction time.
        """
        policy_json = dict(retention_policy) if retention_policy is not None else None
        RetentionPolicy.from_json(policy_json)
        with transaction(self._sessions) as session:
            row = session.scalars(
                select(AgentMemory).where(AgentMemory.agent_id == agent_id)
            ).one_or_none()
            if row is None:
                row = AgentMemory(
                    id=uuid.uuid4(),
                    agent_id=agent_id,
                    user_id=user_id,
                    vector_db_uri=self._index.uri,
                    index_stats_json={},
                    retention_policy_json=policy_json or {},
                )
                session.add(row)
            else:
                row.vector_db_uri = self._index.uri
                if policy_json is not None:
                    row.retention_policy_json = policy_json
            session.flush()
            return row.id

    def compact(
        self, user_id: uuid.UUID, top_k: int | None = None, *, now: datetime | None = None
    ) -> CompactionReport:
        """Rolling compaction: keep the top-K per (kind, topic, twin, persona), drop the rest.

        The policy is the user's ``Agent_Memory.retention_policy_json`` (defaults when absent);
        ``top_k`` overrides its ``top_k``. Deletes from SQL and Chroma, then refreshes
        ``index_stats_json``.
        """
        moment = now or datetime.now(UTC)
        with transaction(self._sessions) as session:
            agent_memory = _agent_memory(session, user_id)
            policy = RetentionPolicy.from_json(
                agent_memory.retention_policy_json if agent_memory else None
            ).with_top_k(top_k)
            rows = session.scalars(
                select(CreativeMemory).where(CreativeMemory.user_id == user_id)
            ).all()
            doomed = select_for_deletion(
                (
                    Candidate(
                        memory_id=row.id,
                        kind=row.type.value,
                        topic=row.topic,
                        ai_twin_id=row.ai_twin_id,
                        persona_id=row.persona_id,
                        score=row.score,
                        reuse_count=row.reuse_count,
                        created_at=row.created_at,
                    )
                    for row in rows
                ),
                policy,
                now=moment,
            )
            by_kind: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                if row.id in doomed:
                    by_kind[row.type.value].append(str(row.id))
            doomed_ids = list(doomed)
            for start in range(0, len(doomed_ids), REINDEX_BATCH):
                chunk = doomed_ids[start : start + REINDEX_BATCH]
                session.execute(delete(MemoryUsage).where(MemoryUsage.memory_id.in_(chunk)))
                session.execute(delete(CreativeMemory).where(CreativeMemory.id.in_(chunk)))
            for kind, ids in by_kind.items():
                self._index.delete(user_id, kind, ids)
            reasons: dict[str, int] = defaultdict(int)
            for reason in doomed.values():
                reasons[reason] += 1
            self._write_stats(session, user_id, last_compaction_at=moment)
        return CompactionReport(
            user_id=user_id, policy=policy, kept=len(rows) - len(doomed), deleted=dict(reasons)
        )

    def stats(self, user_id: uuid.UUID) -> MemoryStats:
        """Current index stats for ``user_id``, also written to ``index_stats_json``."""
        with transaction(self._sessions) as session:
            return self._write_stats(session, user_id, last_compaction_at=None)

    def reindex(self, user_id: uuid.UUID | None = None) -> ReindexReport:
        """Rebuild the Chroma index from SQL with the current embedder.

        Drops the user's collections (whatever embedder built them) and re-embeds every
        ``creative_memory`` row; with no ``user_id``, every user found in SQL or in Chroma
        (collections of users with no rows left are just dropped). Run after switching
        embedders, restoring a database, or losing the index.
        """
        identity = self._index.embedder.identity
        if user_id is not None:
            users = {user_id}
        else:
            with self._sessions() as session:
                users = set(session.scalars(select(CreativeMemory.user_id).distinct()).all())
            users |= self._index.user_ids()
        total = 0
        for user in sorted(users):
            self._index.drop_user(user)
            with transaction(self._sessions) as session:
                rows = session.scalars(
                    select(CreativeMemory)
                    .where(CreativeMemory.user_id == user)
                    .order_by(CreativeMemory.created_at)
                ).all()
                by_kind: dict[str, list[CreativeMemory]] = defaultdict(list)
                for row in rows:
                    by_kind[row.type.value].append(row)
                for kind, members in by_kind.items():
                    for start in range(0, len(members), REINDEX_BATCH):
                        chunk = members[start : start + REINDEX_BATCH]
                        self._index.add(user, kind, [_record(row) for row in chunk])
                session.execute(
                    update(CreativeMemory)
                    .where(CreativeMemory.user_id == user)
                    .values(embedding_kind=identity)
                    .execution_options(synchronize_session=False)
                )
                total += len(rows)
                self._write_stats(session, user, last_compaction_at=None)
        return ReindexReport(users=len(users), memories=total, embedder=identity)

    def delete_user(self, user_id: uuid.UUID) -> int:
        """Forget a user: drop their vectors and their ``creative_memory`` rows.

        Returns how many collections were dropped. (Deleting the ``users`` row also removes
        the SQL rows by cascade; the vectors only go through here.)
        """
        with transaction(self._sessions) as session:
            ids = select(CreativeMemory.id).where(CreativeMemory.user_id == user_id)
            session.execute(delete(MemoryUsage).where(MemoryUsage.memory_id.in_(ids)))
            session.execute(delete(CreativeMemory).where(CreativeMemory.user_id == user_id))
            dropped = self._index.drop_user(user_id)
            for agent_memory in _agent_memories(session, user_id):
                agent_memory.index_stats_json = {
                    **agent_memory.index_stats_json,
                    "size": 0,
                    "per_kind": {},
                }
        return dropped

    def known_user_ids(self) -> list[uuid.UUID]:
        """Users with memories in SQL or vectors in Chroma (what ``compact --all`` walks)."""
        with self._sessions() as session:
            users = set(session.scalars(select(CreativeMemory.user_id).distinct()).all())
        return sorted(users | self._index.user_ids())

    # -- internals -----------------------------------------------------------------------

    def _sync_metadata(self, rows: Iterable[CreativeMemory]) -> None:
        grouped: dict[tuple[uuid.UUID, str], dict[str, Mapping[str, MetadataValue]]] = defaultdict(
            dict
        )
        for row in rows:
            grouped[(row.user_id, row.type.value)][str(row.id)] = _metadata(row)
        for (user_id, kind), changes in grouped.items():
            self._index.update_metadata(user_id, kind, changes)

    def _write_stats(
        self, session: Session, user_id: uuid.UUID, *, last_compaction_at: datetime | None
    ) -> MemoryStats:
        per_kind = {
            kind: self._index.count(user_id, kind) for kind in self._index.kinds_of(user_id)
        }
        sql_size = session.scalar(
            select(func.count())
            .select_from(CreativeMemory)
            .where(CreativeMemory.user_id == user_id)
        )
        agent_memories = _agent_memories(session, user_id)
        previous = next(
            (
                str(m.index_stats_json["last_compaction_at"])
                for m in agent_memories
                if m.index_stats_json.get("last_compaction_at")
            ),
            None,
        )
        stats = MemoryStats(
            user_id=user_id,
            embedder=self._index.embedder.identity,
            dims=self._index.embedder.dims,
            size=sum(per_kind.values()),
            sql_size=int(sql_size or 0),
            per_kind=per_kind,
            last_compaction_at=(
                last_compaction_at.isoformat() if last_compaction_at is not None else previous
            ),
        )
        for agent_memory in agent_memories:
            agent_memory.index_stats_json = stats.as_json()
            agent_memory.vector_db_uri = self._index.uri
        return stats


def _check_kind(kind: str) -> None:
    if kind not in MEMORY_KINDS:
        raise MemoryArgumentError(
            f"kind {kind!r} is not a memory kind; valid: {', '.join(MEMORY_KINDS)}"
        )


def _check_platform(platform: str) -> None:
    if platform not in {p.value for p in Platform}:
        raise MemoryArgumentError(
            f"platform {platform!r} is not a platform; valid: "
            + ", ".join(p.value for p in Platform)
        )


def _check_score(name: str, value: float) -> None:
    if isinstance(value, bool) or not 0.0 <= float(value) <= 1.0:
        raise MemoryArgumentError(f"{name} must be in [0, 1], got {value!r}")


def _matching_ids(
    session: Session, user_id: uuid.UUID, kind: str, filters: _Filters
) -> list[uuid.UUID]:
    """Ids of the user's memories of ``kind`` that pass ``filters``, through the most selective
    index: a persona's or twin's memories by their foreign-key index, else the user's by
    (user_id, type, score)."""
    statement = select(*_FILTER_COLUMNS)
    if filters.persona_id is not None:
        statement = statement.where(CreativeMemory.persona_id == filters.persona_id)
    elif filters.ai_twin_id is not None:
        statement = statement.where(CreativeMemory.ai_twin_id == filters.ai_twin_id)
    else:
        statement = statement.where(
            CreativeMemory.user_id == user_id,
            CreativeMemory.type == MemoryType(kind),
            CreativeMemory.score >= (filters.min_score or 0.0),
        )
    return [
        row.id
        for row in session.execute(statement.limit(MAX_FILTER_IDS))
        if row.user_id == user_id and row.type.value == kind and filters.matches(row)
    ]


def _load(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CreativeMemory]:
    rows = {
        row.id: row
        for row in session.scalars(select(CreativeMemory).where(CreativeMemory.id.in_(ids)))
    }
    missing = [str(i) for i in ids if i not in rows]
    if missing:
        raise MemoryNotFoundError(f"no creative_memory with id {', '.join(missing)}")
    return rows


def _agent_memories(session: Session, user_id: uuid.UUID) -> list[AgentMemory]:
    return list(
        session.scalars(
            select(AgentMemory)
            .where(AgentMemory.user_id == user_id)
            .order_by(AgentMemory.created_at)
        ).all()
    )


def _agent_memory(session: Session, user_id: uuid.UUID) -> AgentMemory | None:
    memories = _agent_memories(session, user_id)
    return memories[0] if memories else None


def _metadata(row: CreativeMemory) -> dict[str, MetadataValue]:
    """The flat metadata Chroma filters on (no ``None``: Chroma rejects it)."""
    metadata: dict[str, MetadataValue] = {
        "score": float(row.score),
        "reuse_count": int(row.reuse_count),
        "topic": row.topic,
        "created_at": int(row.created_at.timestamp()),
    }
    if row.platform is not None:
        metadata["platform"] = row.platform.value
    if row.persona_id is not None:
        metadata["persona_id"] = row.persona_id.hex
    if row.ai_twin_id is not None:
        metadata["ai_twin_id"] = row.ai_twin_id.hex
    if row.reference_id:
        metadata["reference_id"] = row.reference_id
    return metadata


def _record(row: CreativeMemory) -> IndexRecord:
    return IndexRecord(memory_id=str(row.id), text=row.text, metadata=_metadata(row))


def _hit(row: CreativeMemory, similarity: float) -> MemoryHit:
    return MemoryHit(
        id=row.id,
        kind=row.type.value,
        text=row.text,
        score=row.score,
        similarity=similarity,
        rank=rank(similarity, row.score),
        topic=row.topic,
        platform=row.platform.value if row.platform is not None else None,
        persona_id=row.persona_id,
        ai_twin_id=row.ai_twin_id,
        reference_id=row.reference_id,
        reuse_count=row.reuse_count,
        metadata=dict(row.metadata_json or {}),
    )
