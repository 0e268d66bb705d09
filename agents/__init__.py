"""The agents: planner, persona, story, critic, publisher and analyst.

Each agent is a small unit that turns typed inputs into a typed decision (a pydantic model in
``agents.decisions``), calling tools from ``tools`` and reading memory from ``memory``. Agents never
branch on which provider answers; they ask a chat model for a structured output or call a tool.
"""
