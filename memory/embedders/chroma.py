"""Chroma ``EmbeddingFunction`` adapters, registered so a collection reopens with its embedder.

Chroma stores ``name()`` and ``get_config()`` of a collection's embedding function in the
collection's configuration; a later ``get_collection`` (in any process that imported this
module) looks the name up in Chroma's registry and calls ``build_from_config``. Without a
registered function Chroma would fall back to its own default embedder, which downloads a model
on first use: every collection Twinreel creates therefore gets one of these.
"""

from __future__ import annotations

from typing import Any, ClassVar

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from memory.embedders.base import Embedder, EmbedderError
from memory.embedders.lexical import VERSION as LEXICAL_VERSION
from memory.embedders.lexical import LexicalEmbedder
from memory.embedders.minilm import MiniLMEmbedder
from memory.embedders.openai import OpenAIEmbedder


class _TwinreelFunction(EmbeddingFunction[Documents]):
    """Delegates to an :class:`Embedder`; subclasses only say how to rebuild it."""

    chroma_name: ClassVar[str]

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return self.embedder.embed_documents(list(input))  # type: ignore[return-value]

    def embed_query(self, input: Documents) -> Embeddings:
        return [self.embedder.embed_query(text) for text in input]  # type: ignore[misc]

    def get_config(self) -> dict[str, Any]:
        return dict(self.embedder.config())

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]


@register_embedding_function
class LexicalFunction(_TwinreelFunction):
    @staticmethod
    def name() -> str:
        return "twinreel_lexical"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> LexicalFunction:
        version = config.get("version", LEXICAL_VERSION)
        if version != LEXICAL_VERSION:
            raise EmbedderError(
                f"collection uses lexical embedder v{version}, this install has "
                f"v{LEXICAL_VERSION}; run `twinreel memory reindex`"
            )
        return LexicalFunction(LexicalEmbedder(dims=int(config["dims"])))


@register_embedding_function
class OpenAIFunction(_TwinreelFunction):
    @staticmethod
    def name() -> str:
        return "twinreel_openai"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIFunction:
        # The key is never stored; an embedder rebuilt here can describe itself but needs a key
        # (through open_memory_index) before it can embed.
        dimensions = config.get("dimensions")
        return OpenAIFunction(
            OpenAIEmbedder(
                str(config["model"]),
                api_key=None,
                base_url=config.get("base_url"),
                dimensions=int(dimensions) if dimensions is not None else None,
            )
        )


@register_embedding_function
class MiniLMFunction(_TwinreelFunction):
    @staticmethod
    def name() -> str:
        return "twinreel_minilm"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMFunction:
        return MiniLMFunction(MiniLMEmbedder())


_BY_KIND: dict[str, type[_TwinreelFunction]] = {
    "lexical": LexicalFunction,
    "openai": OpenAIFunction,
    "minilm": MiniLMFunction,
}


def chroma_function(embedder: Embedder) -> EmbeddingFunction[Documents]:
    """The registered Chroma embedding function that wraps ``embedder``."""
    try:
        function_class = _BY_KIND[embedder.kind]
    except KeyError:
        raise EmbedderError(
            f"no Chroma adapter for embedder kind {embedder.kind!r}; "
            f"known: {', '.join(sorted(_BY_KIND))}"
        ) from None
    return function_class(embedder)
