"""With a real chat model configured the analyst's facts are rephrased through function calling
(ChatOpenAI against the local fake OpenAI server); the offline writer leaves them as computed."""

from __future__ import annotations

import json

from langchain_openai import ChatOpenAI

from agents.analyst import ReportInsights, aggregate, offline_insights, write_insights
from api.commands.learning import analyst_model
from tests.fakes.openai_server import FakeOpenAIServer, fake_openai_server
from tests.integration.learning.test_analyst import WEEK
from tools.llm.factory import make_chat_model

__all__ = ["fake_openai_server"]


def test_a_configured_model_rephrases_the_computed_facts(
    fake_openai_server: FakeOpenAIServer,
) -> None:
    model = make_chat_model(
        "openai:gpt-4.1-mini",
        openai_api_key="sk-test",
        openai_base_url=fake_openai_server.base_url,
        timeout_s=5,
        max_retries=0,
    )
    assert isinstance(model, ChatOpenAI)
    numbers = aggregate(WEEK)
    rephrased = {
        "headline": "A strong week for passkeys (simulated audience).",
        "findings": ["Passkeys led with 9,000 views on TikTok."],
        "next_steps": ["Make more on passkeys."],
    }
    fake_openai_server.reply_call("ReportInsights", rephrased)
    insights = write_insights(model, WEEK, numbers)
    assert insights == ReportInsights(**rephrased)
    (request,) = fake_openai_server.chat_requests()
    sent = json.dumps(request.body["messages"])
    facts = offline_insights(WEEK, numbers)
    assert facts.headline in json.loads(sent)[1]["content"]  # the model sees the numbers
    assert "Keep every number exactly as given" in sent


def test_the_offline_writer_is_not_asked_to_rephrase(
    fake_openai_server: FakeOpenAIServer,
) -> None:
    offline = make_chat_model("offline:writer", openai_api_key=None, openai_base_url=None)
    real = make_chat_model(
        "openai:gpt-4.1-mini", openai_api_key="sk-test", openai_base_url=fake_openai_server.base_url
    )
    assert analyst_model({"analyst": offline}) is None
    assert analyst_model({"analyst": real}) is real
    assert analyst_model({}) is None
