"""The adapters are in Chroma's registry and rebuild the same embedder from their config."""

from __future__ import annotations

from chromadb.utils.embedding_functions import known_embedding_functions

from memory.embedders import LexicalEmbedder, OpenAIEmbedder, chroma_function


def test_registered_names() -> None:
    for name in ("twinreel_lexical", "twinreel_openai", "twinreel_minilm"):
        assert name in known_embedding_functions


def test_lexical_round_trip_through_config() -> None:
    function = chroma_function(LexicalEmbedder(dims=128))
    rebuilt = known_embedding_functions[function.name()].build_from_config(function.get_config())
    assert rebuilt.embedder.identity == "lexical-v1-128"  # type: ignore[attr-defined]
    assert rebuilt(["passkeys"])[0].tolist() == function(["passkeys"])[0].tolist()
    assert function.default_space() == "cosine"
    assert not function.is_legacy()


def test_openai_config_never_holds_the_key() -> None:
    function = chroma_function(
        OpenAIEmbedder("text-embedding-3-small", api_key="sk-secret", base_url="http://x/v1")
    )
    config = function.get_config()
    assert "sk-secret" not in repr(config)
    assert config == {
        "model": "text-embedding-3-small",
        "base_url": "http://x/v1",
        "dimensions": None,
    }
    rebuilt = known_embedding_functions["twinreel_openai"].build_from_config(config)
    assert rebuilt.embedder.identity == "openai:text-embedding-3-small:1536"  # type: ignore[attr-defined]
