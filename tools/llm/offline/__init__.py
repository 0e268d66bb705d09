"""The offline writer: a deterministic chat model that needs no network and no key.

It implements the same chat-model interface as the OpenAI provider (structured outputs through
function calling, tool calls, usage metadata) and answers from the ``<context>`` JSON block the
agents put in their prompts. The keys it reads are documented in
:mod:`tools.llm.offline.context`; the writing engine (topic analysis, hooks, persona voice, timing)
lives in the sibling modules.
"""

from tools.llm.offline.model import OfflineWriterModel

__all__ = ["OfflineWriterModel"]
