"""The one interface every embedder implements, so the index never cares which model is behind it.

An embedder's ``identity`` is what a Chroma collection records when it is created: vectors from
two different embedders live in different spaces, so comparing a query embedded one way with
memories embedded another way would return confident nonsense. Recording the identity turns that
silent failure into :class:`EmbedderMismatchError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

JsonScalar = str | int | float | bool | None


@runtime_checkable
class Embedder(Protocol):
    """Turns short texts into fixed-length vectors for similarity search."""

    @property
    def kind(self) -> str:
        """The family: ``lexical``, ``openai`` or ``minilm`` (selects the Chroma adapter)."""
        ...

    @property
    def identity(self) -> str:
        """A stable name for the vector space, e.g. ``lexical-v1-512`` or ``openai:MODEL:1536``."""
        ...

    @property
    def dims(self) -> int:
        """The vector length."""
        ...

    def config(self) -> dict[str, JsonScalar]:
        """What is needed to rebuild this embedder in another process (never a secret)."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for texts being stored."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The vector for a search text."""
        ...


class EmbedderError(RuntimeError):
    """An embedder cannot be built or cannot embed; the message says what to change."""


class EmbedderMismatchError(EmbedderError):
    """A collection was built with one embedder and is being opened with another."""

    def __init__(self, collection: str, recorded: str, requested: str) -> None:
        self.collection = collection
        self.recorded = recorded
        self.requested = requested
        super().__init__(
            f"Chroma collection {collection!r} was built with embedder {recorded!r} but this "
            f"process uses {requested!r}; vectors from different embedders cannot be compared. "
            "Run `twinreel memory reindex` to rebuild the index from the SQL record with the "
            "current embedder (or switch TWINREEL_EMBEDDER back)."
        )
