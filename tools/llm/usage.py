"""Counting LLM calls and tokens, so a run can report its cost per accepted reel.

Providers report usage in two places: ``AIMessage.usage_metadata`` (langchain's normalised form,
filled by langchain-openai and by the offline writer) and the older ``llm_output["token_usage"]``.
The handler reads the first and falls back to the second, so the figure is right for any chat
model. Calls that fail are counted apart: they cost a round trip but produce nothing.
"""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from pydantic import BaseModel


class UsageTotals(BaseModel):
    """A snapshot of what a :class:`ModelUsage` has counted."""

    calls: int = 0
    failed_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class ModelUsage(BaseCallbackHandler):
    """A callback handler that sums LLM calls and prompt/completion tokens.

    Pass one instance in ``callbacks`` to every model call of a run (``ask_structured`` and
    ``run_tool_loop`` accept it); read :meth:`totals` at the end. Thread-safe, because LangGraph
    may run nodes in worker threads.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._totals = UsageTotals()

    def on_llm_end(
        self,
        response: LLMResult,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        prompt, completion = _tokens_of(response)
        with self._lock:
            self._totals.calls += 1
            self._totals.prompt_tokens += prompt
            self._totals.completion_tokens += completion

    def on_llm_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        with self._lock:
            self._totals.failed_calls += 1

    def totals(self) -> UsageTotals:
        """A copy of the counts so far."""
        with self._lock:
            return self._totals.model_copy()

    def reset(self) -> None:
        with self._lock:
            self._totals = UsageTotals()


def _tokens_of(response: LLMResult) -> tuple[int, int]:
    prompt = completion = 0
    found = False
    for generations in response.generations:
        for generation in generations:
            if not isinstance(generation, ChatGeneration):
                continue
            message = generation.message
            if isinstance(message, AIMessage) and message.usage_metadata:
                prompt += message.usage_metadata.get("input_tokens", 0)
                completion += message.usage_metadata.get("output_tokens", 0)
                found = True
    if found:
        return prompt, completion
    token_usage = (response.llm_output or {}).get("token_usage") or {}
    return int(token_usage.get("prompt_tokens", 0)), int(token_usage.get("completion_tokens", 0))
