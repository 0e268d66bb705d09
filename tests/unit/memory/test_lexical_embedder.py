"""The offline embedder puts related hooks near each other, deterministically."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from memory.embedders import EmbedderError, LexicalEmbedder
from memory.embedders.lexical import stem, tokens


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_related_hooks_are_nearer_than_unrelated_ones() -> None:
    embedder = LexicalEmbedder()
    query = embedder.embed_query("passkeys security tip")
    related = embedder.embed_query("why passkeys beat passwords")
    also_related = embedder.embed_query("Security tips for your phone")
    unrelated = [
        embedder.embed_query(text)
        for text in (
            "three pasta recipes for busy weeknights",
            "my morning routine as a night nurse",
            "the moon landing in sixty seconds",
        )
    ]
    nearest_unrelated = max(_cos(query, other) for other in unrelated)
    assert _cos(query, related) > nearest_unrelated + 0.15
    assert _cos(query, also_related) > nearest_unrelated + 0.15


def test_vectors_are_unit_length_with_the_configured_dims() -> None:
    embedder = LexicalEmbedder(dims=256)
    for text in ("Passkeys!", "", "the and of", "naïve café résumé"):
        vector = embedder.embed_query(text)
        assert len(vector) == 256
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-9)
    assert embedder.identity == "lexical-v1-256"
    assert embedder.config() == {"dims": 256, "version": 1}


def test_accents_and_case_do_not_matter_and_plurals_barely_do() -> None:
    embedder = LexicalEmbedder()
    assert embedder.embed_query("Résumé TIPS") == embedder.embed_query("resume tips")
    assert _cos(embedder.embed_query("resume tips"), embedder.embed_query("resume tip")) > 0.85
    assert [stem(w) for w in tokens("Passkeys cities running jumped quickly")] == [
        "passkey",
        "city",
        "run",
        "jump",
        "quick",
    ]


def test_same_vector_in_another_process() -> None:
    """Python's ``hash()`` is salted per process; the embedder must not depend on it."""
    here = LexicalEmbedder().embed_query("why passkeys beat passwords")[:8]
    code = (
        "from memory.embedders import LexicalEmbedder;"
        "print(LexicalEmbedder().embed_query('why passkeys beat passwords')[:8])"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert there.strip() == str(here)


def test_too_few_dims_is_refused() -> None:
    with pytest.raises(EmbedderError, match="dims must be at least 16, got 4"):
        LexicalEmbedder(dims=4)
