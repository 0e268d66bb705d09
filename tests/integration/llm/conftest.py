"""The fake OpenAI-compatible server, and ChatOpenAI pointed at it through the real factory."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from langchain_openai import ChatOpenAI

from tests.fakes.openai_server import FakeOpenAIServer, fake_openai_server
from tools.llm.factory import make_chat_model

__all__ = ["fake_openai_server"]


@pytest.fixture
def openai_model(fake_openai_server: FakeOpenAIServer) -> Callable[..., ChatOpenAI]:
    def build(*, timeout_s: float = 5, max_retries: int = 2) -> ChatOpenAI:
        model = make_chat_model(
            "openai:gpt-4.1-mini",
            openai_api_key="sk-test",
            openai_base_url=fake_openai_server.base_url,
            timeout_s=timeout_s,
            max_retries=max_retries,
        )
        assert isinstance(model, ChatOpenAI)
        return model

    return build
