"""The provider factory and the usage counter."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from tools.llm.factory import ModelSpecError, make_chat_model, parse_model_spec
from tools.llm.offline import OfflineWriterModel
from tools.llm.usage import ModelUsage


def test_offline_spec_builds_the_offline_writer() -> None:
    model = make_chat_model("offline:writer", openai_api_key=None, openai_base_url=None)
    assert isinstance(model, OfflineWriterModel)


def test_openai_spec_builds_chat_openai_with_the_given_key_and_url() -> None:
    model = make_chat_model(
        "openai:gpt-4.1-mini",
        openai_api_key="sk-test",
        openai_base_url="http://127.0.0.1:9/v1",
        timeout_s=7,
        max_retries=1,
        temperature=0.2,
    )
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gpt-4.1-mini"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert isinstance(model.openai_api_key, SecretStr)
    assert model.openai_api_key.get_secret_value() == "sk-test"
    assert model.request_timeout == 7
    assert model.max_retries == 1


def test_a_local_compatible_server_needs_no_key() -> None:
    model = make_chat_model(
        "openai:llama3.1", openai_api_key=None, openai_base_url="http://127.0.0.1:11434/v1"
    )
    assert isinstance(model, ChatOpenAI)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("anthropic:claude", "unknown model provider 'anthropic'"),
        ("gpt-4.1-mini", "not 'provider:model'"),
        ("openai:", "not 'provider:model'"),
        ("offline:poet", "unknown offline model 'poet'"),
    ],
)
def test_bad_specs_are_refused_with_the_valid_values(spec: str, expected: str) -> None:
    with pytest.raises(ModelSpecError) as error:
        make_chat_model(spec, openai_api_key="sk", openai_base_url=None)
    assert expected in str(error.value)
    assert "offline" in str(error.value)


def test_openai_without_key_or_url_says_which_setting_is_missing() -> None:
    with pytest.raises(ModelSpecError, match="TWINREEL_OPENAI_API_KEY"):
        make_chat_model("openai:gpt-4.1-mini", openai_api_key=None, openai_base_url=None)


def test_parse_model_spec_splits_on_the_first_colon() -> None:
    assert parse_model_spec("openai:ft:gpt-4.1-mini:acme") == ("openai", "ft:gpt-4.1-mini:acme")


def test_model_usage_counts_calls_and_tokens() -> None:
    usage = ModelUsage()
    model = OfflineWriterModel()
    model.invoke([HumanMessage("hello")], config={"callbacks": [usage]})
    model.invoke([HumanMessage("hello again, a longer prompt")], config={"callbacks": [usage]})
    totals = usage.totals()
    assert totals.calls == 2
    assert totals.prompt_tokens >= 2
    assert totals.completion_tokens >= 2
    assert totals.total_tokens == totals.prompt_tokens + totals.completion_tokens
    usage.reset()
    assert usage.totals().calls == 0
