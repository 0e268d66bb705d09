"""Turns the ``TWINREEL_EMBEDDER`` spec into an embedder, with errors that name the bad spec."""

from __future__ import annotations

from memory.embedders.base import Embedder, EmbedderError
from memory.embedders.lexical import LexicalEmbedder
from memory.embedders.minilm import MiniLMEmbedder
from memory.embedders.openai import OpenAIEmbedder

DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small"
SPECS = "auto | lexical | minilm | openai:MODEL"


def make_embedder(
    spec: str, *, openai_api_key: str | None = None, openai_base_url: str | None = None
) -> Embedder:
    """Build the embedder ``spec`` names.

    ``auto`` is OpenAI's ``text-embedding-3-small`` when a key is given and the offline lexical
    embedder otherwise; it never picks MiniLM (loading torch is a choice, not a surprise).
    An OpenAI-compatible server (``openai_base_url``) may be used without a key.
    """
    normalized = spec.strip()
    if normalized == "auto":
        if openai_api_key:
            normalized = f"openai:{DEFAULT_OPENAI_EMBEDDING_MODEL}"
        else:
            return LexicalEmbedder()
    if normalized == "lexical":
        return LexicalEmbedder()
    if normalized == "minilm":
        return MiniLMEmbedder()
    provider, sep, model = normalized.partition(":")
    if provider == "openai" and sep and model:
        if not openai_api_key and not openai_base_url:
            raise EmbedderError(
                f"TWINREEL_EMBEDDER={spec!r} needs TWINREEL_OPENAI_API_KEY (or an "
                "OpenAI-compatible TWINREEL_OPENAI_BASE_URL)"
            )
        return OpenAIEmbedder(
            model, api_key=openai_api_key or "not-needed", base_url=openai_base_url
        )
    raise EmbedderError(f"TWINREEL_EMBEDDER={spec!r} is not a known embedder; valid: {SPECS}")
