"""Creative-memory benchmark: 100k hooks for one user, query latency, embedding time and RSS.

Loads synthetic but realistic short hooks (many topics, templates, audiences, 6 platforms, 100
personas) with the offline lexical embedder into Chroma and into the SQL record of truth
(``creative_memory`` in a SQLite file, bulk-inserted), then measures separately:

- embedding time: documents while loading, queries before timing them;
- Chroma query latency with the query embeddings already computed:
  ``collection.query(query_embeddings=…)`` (k=5, the target), and for comparison Chroma's own
  ``where`` filter (a metadata scan);
- ``CreativeMemoryService.recall`` end to end (Chroma nearest ids + SQL rows; it embeds the
  query itself, which costs the query-embedding time above), unfiltered and with the filters
  the planner uses (platform, platform + min_score, a rare persona).

Run: ``python -m evals.benchmarks.memory [--memories 100000] [--queries 500] [--path DIR]``
(``--path`` keeps the data so a second run skips loading). Target: p95 < 25 ms per query,
excluding embedding time.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, select

from memory.embedders import LexicalEmbedder
from memory.index import IndexRecord, MemoryIndex, collection_name, open_memory_index
from memory.service import CreativeMemoryService
from storage.database import make_engine, make_session_factory, transaction
from storage.enums import MemoryType, Platform
from storage.models import Base, CreativeMemory, Persona, User

T = TypeVar("T")
SEED = 7
TARGET_P95_MS = 25.0
PERSONAS = 100  # a persona filter keeps ~1% of the memories, a platform filter ~17%
PLATFORMS = ("tiktok", "instagram", "youtube_shorts", "linkedin", "threads", "facebook")
TOPICS = (
    "passkeys",
    "password managers",
    "phishing emails",
    "two-factor auth",
    "home wifi security",
    "sourdough starter",
    "meal prep",
    "air fryer dinners",
    "cold brew coffee",
    "ramen hacks",
    "morning routines",
    "deep work",
    "pomodoro timers",
    "inbox zero",
    "note taking apps",
    "marathon training",
    "kettlebell workouts",
    "mobility drills",
    "sleep hygiene",
    "cold plunges",
    "index funds",
    "credit scores",
    "budgeting apps",
    "side hustles",
    "salary negotiation",
    "python tips",
    "git mistakes",
    "code reviews",
    "docker basics",
    "sql indexes",
    "houseplants",
    "balcony gardens",
    "composting",
    "thrift flips",
    "capsule wardrobes",
    "dog training",
    "cat behaviour",
    "aquarium setup",
    "bird watching",
    "urban foxes",
    "solo travel",
    "packing light",
    "train travel",
    "cheap flights",
    "jet lag",
    "black holes",
    "mars rovers",
    "solar eclipses",
    "the moon landing",
    "exoplanets",
    "public speaking",
    "cold emails",
    "linkedin posts",
    "personal branding",
    "job interviews",
    "film photography",
    "smartphone video",
    "color grading",
    "podcast mics",
    "lighting setups",
)
TEMPLATES = (
    "Why {topic} {verb} everything you know",
    "Stop doing {topic} wrong: {n} fixes for {audience}",
    "{n} {topic} mistakes {audience} make",
    "The {adj} truth about {topic}",
    "I tried {topic} for {n} days and this happened",
    "Nobody tells {audience} this about {topic}",
    "{topic} in {n} seconds, no fluff",
    "This {adj} {topic} trick saves {audience} hours",
    "What {audience} get wrong about {topic}",
    "Is {topic} worth it? The {adj} answer",
    "POV: you finally understand {topic}",
    "Watch this before you try {topic}",
)
VERBS = ("breaks", "beats", "changes", "rewrites", "ruins", "fixes", "outsmarts")
ADJECTIVES = ("uncomfortable", "boring", "surprising", "honest", "weird", "expensive", "simple")
AUDIENCES = (
    "beginners",
    "busy parents",
    "students",
    "nurses",
    "developers",
    "founders",
    "runners",
    "freelancers",
    "teachers",
    "retirees",
    "gamers",
    "small business owners",
    "new grads",
)


@dataclass(frozen=True)
class Figures:
    memories: int
    queries: int
    load_s: float
    doc_embed_s: float
    query_embed_ms: list[float]
    timings: dict[str, list[float]]
    same_topic_at_5: float
    rss_mb: float
    max_rss_mb: float


def hook(rng: random.Random) -> tuple[str, str]:
    """A (text, topic) pair shaped like a short-form hook."""
    topic = rng.choice(TOPICS)
    text = rng.choice(TEMPLATES).format(
        topic=topic,
        verb=rng.choice(VERBS),
        n=rng.choice((3, 5, 7, 10, 30)),
        adj=rng.choice(ADJECTIVES),
        audience=rng.choice(AUDIENCES),
    )
    return text[0].upper() + text[1:], topic


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(call: Callable[[T], object], arguments: Sequence[T]) -> list[float]:
    """Milliseconds per ``call(argument)``."""
    timings = []
    for argument in arguments:
        start = time.perf_counter()
        call(argument)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _load(
    path: Path, index: MemoryIndex, service: CreativeMemoryService, memories: int, batch: int
) -> tuple[uuid.UUID, list[uuid.UUID], float, float]:
    """Fill SQL and Chroma (skipped when ``path`` already holds them); returns the user, the
    persona ids, load seconds and document-embedding seconds."""
    factory = service._sessions
    rng = random.Random(SEED)
    user = uuid.UUID(int=SEED)
    personas = [uuid.UUID(int=1000 + i) for i in range(PERSONAS)]
    with factory() as session:
        existing = session.scalar(select(func.count()).select_from(CreativeMemory)) or 0
    if existing >= memories and index.count(user, "hook") >= memories:
        print(f"  reusing the {existing:,} memories already at {path}")
        return user, personas, 0.0, 0.0
    with transaction(factory) as session:
        session.add(User(id=user, name="Bench", email="bench@example.com"))
        session.flush()
        for i, persona in enumerate(personas):
            session.add(
                Persona(
                    id=persona,
                    user_id=user,
                    slug=f"persona{i:03d}",
                    name=f"Persona {i}",
                    sentence_length="short",
                    energy_level="high",
                    vocabulary_level="simple",
                )
            )
    embedder = index.embedder
    doc_embed_s = 0.0
    load_start = time.perf_counter()
    now = datetime.now(UTC)
    for start in range(0, memories, batch):
        size = min(batch, memories - start)
        rows: list[dict[str, Any]] = []
        for i in range(start, start + size):
            text, topic = hook(rng)
            rows.append(
                {
                    "id": uuid.UUID(int=i + 1),
                    "user_id": user,
                    "type": MemoryType.HOOK,
                    "text": text,
                    "topic": topic,
                    "platform": Platform(PLATFORMS[i % len(PLATFORMS)]),
                    "persona_id": personas[i % PERSONAS],
                    "score": round(rng.random(), 3),
                    "reuse_count": 0,
                    "metadata_json": {},
                    "embedding_kind": embedder.identity,
                    "created_at": now,
                }
            )
        embed_start = time.perf_counter()
        vectors = embedder.embed_documents([row["text"] for row in rows])
        doc_embed_s += time.perf_counter() - embed_start
        with transaction(factory) as session:
            session.execute(insert(CreativeMemory), rows)
        records = [
            IndexRecord(
                memory_id=str(row["id"]),
                text=row["text"],
                metadata={
                    "platform": row["platform"].value,
                    "persona_id": row["persona_id"].hex,
                    "score": row["score"],
                    "reuse_count": 0,
                    "topic": row["topic"],
                },
            )
            for row in rows
        ]
        index.add(user, "hook", records, embeddings=vectors)
        print(f"  loaded {start + size:>7,} memories", flush=True, end="\r")
    print()
    return user, personas, time.perf_counter() - load_start, doc_embed_s


def run(path: Path, memories: int, queries: int, batch: int) -> Figures:
    path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path / 'bench.db'}")
    Base.metadata.create_all(engine)
    index = open_memory_index(path / "chroma", None, LexicalEmbedder())
    service = CreativeMemoryService(make_session_factory(engine), index)
    user, personas, load_s, doc_embed_s = _load(path, index, service, memories, batch)

    query_rng = random.Random(SEED + 1)
    query_rows = [hook(query_rng) for _ in range(queries)]
    texts = [text for text, _ in query_rows]
    embedded: list[Sequence[float]] = []

    def embed(text: str) -> None:
        embedded.append(index.embedder.embed_query(text))

    query_embed_ms = _timed(embed, texts)
    collection = index._client.get_collection(collection_name(user, "hook"))

    def raw(vector: Sequence[float]) -> None:
        collection.query(query_embeddings=[vector], n_results=5)

    def chroma_where(vector: Sequence[float]) -> None:
        collection.query(query_embeddings=[vector], n_results=20, where={"platform": "tiktok"})

    def recall(**filters: Any) -> Callable[[str], None]:
        def call(text: str) -> None:
            service.recall(user, text, kinds=["hook"], k=5, **filters)

        return call

    for vector in embedded[:20]:  # warm the HNSW segment into memory
        raw(vector)
    sample = max(1, queries // 5)  # the slow variants run on a fifth of the queries
    timings = {
        "collection.query(query_embeddings), k=5": _timed(raw, embedded),
        "  same + Chroma where platform (metadata scan)": _timed(chroma_where, embedded[:sample]),
        "recall (embeds + Chroma ids + SQL rows), k=5": _timed(recall(), texts),
        "  + platform (~17% of memories)": _timed(recall(platform="tiktok"), texts),
        "  + platform + min_score 0.5 (~8%)": _timed(
            recall(platform="tiktok", min_score=0.5), texts
        ),
        "  + persona (~1%)": _timed(recall(persona_id=personas[7]), texts),
    }
    same_topic = 0
    for (_, topic), text in zip(query_rows, texts, strict=True):
        hits = service.recall(user, text, kinds=["hook"], k=5)
        same_topic += sum(1 for hit in hits if hit.topic == topic)
    return Figures(
        memories=memories,
        queries=queries,
        load_s=load_s,
        doc_embed_s=doc_embed_s,
        query_embed_ms=query_embed_ms,
        timings=timings,
        same_topic_at_5=same_topic / (5 * queries),
        rss_mb=_rss_mb(),
        max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def report(figures: Figures) -> str:
    def line(name: str, values: Sequence[float]) -> str:
        return (
            f"{name:<48} p50 {_percentile(values, 50):7.2f} ms   p95 {_percentile(values, 95):7.2f}"
            f" ms   mean {statistics.fmean(values):7.2f} ms   (n={len(values)})"
        )

    raw = figures.timings["collection.query(query_embeddings), k=5"]
    p95 = _percentile(raw, 95)
    verdict = "PASS" if p95 < TARGET_P95_MS else "FAIL"
    loaded = (
        f"load (embed + SQL + Chroma insert)                {figures.load_s:8.1f} s "
        f"({figures.memories / figures.load_s:,.0f} memories/s); document embedding "
        f"{figures.doc_embed_s:.1f} s ({figures.doc_embed_s / figures.memories * 1e6:.0f} µs each)"
        if figures.load_s
        else "load: reused an existing index"
    )
    return "\n".join(
        [
            f"creative memory benchmark: {figures.memories:,} hooks of one user, "
            f"{figures.queries} queries, embedder lexical-v1-512, Chroma PersistentClient, "
            "SQLite record",
            loaded,
            line("query embedding (excluded from Chroma lines)", figures.query_embed_ms),
            *(line(name, values) for name, values in figures.timings.items()),
            f"same-topic share of recall's top-5                {figures.same_topic_at_5:8.1%}",
            f"RSS now {figures.rss_mb:,.0f} MB, peak {figures.max_rss_mb:,.0f} MB",
            f"target p95 < {TARGET_P95_MS:.0f} ms (collection.query): {verdict} ({p95:.2f} ms)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--memories", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--path", type=Path, default=None, help="keep the index here")
    args = parser.parse_args(argv)
    path = args.path or Path(tempfile.mkdtemp(prefix="twinreel-memory-bench-"))
    try:
        print(report(run(path, args.memories, args.queries, args.batch)))
    finally:
        if args.path is None:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
