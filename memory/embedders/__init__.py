"""Embedders behind one interface, and their Chroma adapters.

Importing this package registers the adapters with Chroma's embedding-function registry, so any
process that imports it can reopen a Twinreel collection with the embedder it was built with.
"""

from memory.embedders.base import Embedder, EmbedderError, EmbedderMismatchError
from memory.embedders.chroma import chroma_function
from memory.embedders.factory import make_embedder
from memory.embedders.lexical import LexicalEmbedder
from memory.embedders.minilm import MiniLMEmbedder, minilm_available
from memory.embedders.openai import OpenAIEmbedder

__all__ = [
    "Embedder",
    "EmbedderError",
    "EmbedderMismatchError",
    "LexicalEmbedder",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "chroma_function",
    "make_embedder",
    "minilm_available",
]
