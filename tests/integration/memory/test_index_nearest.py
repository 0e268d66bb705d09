"""Searching among a subset of ids gives the full ranking restricted to that subset."""

from __future__ import annotations

import random
import uuid

from memory.index import IndexRecord, MemoryIndex

WORDS = ["passkeys", "pasta", "sourdough", "marathon", "budget", "python", "eclipse", "wifi"]


def test_nearest_among_ids_is_the_full_ranking_restricted(index: MemoryIndex) -> None:
    rng = random.Random(3)
    user = uuid.uuid4()
    index.add(
        user,
        "hook",
        [
            IndexRecord(f"m{i}", " ".join(rng.sample(WORDS, 3)) + f" take {i}", {"score": 0.5})
            for i in range(400)
        ],
    )
    vector = index.embed_query("passkeys budget")
    everything = index.nearest(user, "hook", vector, 400)
    subset = {f"m{i}" for i in range(0, 400, 37)}

    among = index.nearest(user, "hook", vector, 5, among=sorted(subset))

    assert len(everything) == 400
    restricted = [(m, v) for m, v in everything if m in subset][:5]
    assert {m for m, _ in among} <= subset
    # Same answer up to the order of exact ties (some texts share all their features).
    assert [round(v, 5) for _, v in among] == [round(v, 5) for _, v in restricted]
    assert all(-1.0 <= value <= 1.0 for _, value in everything)
    assert index.nearest(user, "hook", vector, 5, among=[]) == []
    assert index.nearest(uuid.uuid4(), "hook", vector, 5) == []
