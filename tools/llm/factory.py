"""Build a chat model from ``provider:model`` data.

Model names are configuration, not code: each agent role gets a spec such as
``openai:gpt-4.1-mini`` or ``offline:writer``. The key and base URL are passed in explicitly
(only ``api/`` reads settings), so the same ``openai`` provider talks to OpenAI, Ollama, vLLM,
llama.cpp or the test suite's fake server.
"""

from __future__ import annotations

from typing import Final

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from tools.llm.offline.model import OFFLINE_MODEL_NAMES, OfflineWriterModel

PROVIDERS: Final[tuple[str, ...]] = ("openai", "offline")
_PLACEHOLDER_KEY: Final = "not-needed"


class ModelSpecError(ValueError):
    """A ``provider:model`` spec that cannot be built; the message says what is valid."""


def parse_model_spec(spec: str) -> tuple[str, str]:
    """Split ``provider:model``; refuse anything else with the valid providers listed."""
    provider, sep, name = spec.strip().partition(":")
    if not sep or not provider or not name:
        raise ModelSpecError(
            f"model spec {spec!r} is not 'provider:model' (e.g. 'openai:gpt-4.1-mini' or "
            f"'offline:writer'); valid providers: {', '.join(PROVIDERS)}"
        )
    if provider not in PROVIDERS:
        raise ModelSpecError(
            f"unknown model provider {provider!r} in {spec!r}; valid providers: "
            f"{', '.join(PROVIDERS)}"
        )
    return provider, name


def make_chat_model(
    spec: str,
    *,
    openai_api_key: str | None,
    openai_base_url: str | None,
    timeout_s: float = 60,
    max_retries: int = 2,
    temperature: float = 0.7,
) -> BaseChatModel:
    """The chat model a spec names.

    ``openai`` needs a key unless a ``base_url`` points at a local OpenAI-compatible server
    (Ollama and llama.cpp accept any key). Retries on 429/5xx and the request timeout are the
    openai SDK's own, configured here.
    """
    provider, name = parse_model_spec(spec)
    if provider == "offline":
        if name not in OFFLINE_MODEL_NAMES:
            raise ModelSpecError(
                f"unknown offline model {name!r} in {spec!r}; valid: "
                f"{', '.join(f'offline:{n}' for n in OFFLINE_MODEL_NAMES)}"
            )
        return OfflineWriterModel(model_name=name)
    if not openai_api_key and not openai_base_url:
        raise ModelSpecError(
            f"model {spec!r} needs an OpenAI API key (TWINREEL_OPENAI_API_KEY) or a base URL "
            "of an OpenAI-compatible server (TWINREEL_OPENAI_BASE_URL); or use 'offline:writer'"
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=name,
        api_key=SecretStr(openai_api_key or _PLACEHOLDER_KEY),
        base_url=openai_base_url,
        timeout=timeout_s,
        max_retries=max_retries,
        temperature=temperature,
        stream_usage=False,
    )
