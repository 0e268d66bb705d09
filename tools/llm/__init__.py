"""Chat-model providers: which model answers an agent, and how much it costs.

Owns the ``provider:model`` factory (:mod:`tools.llm.factory`: OpenAI or any OpenAI-compatible
server through ``base_url``, or the offline writer), the usage counter the graph reports per
reel (:mod:`tools.llm.usage`), and the deterministic offline writer
(:mod:`tools.llm.offline`) that answers structured outputs and tool calls with no network.
Agents never branch on the provider; they get a ``BaseChatModel`` from here.
"""
