"""LangGraph state machines: production (one reel), planning (a week) and learning (a report).

Owns the typed graph states, the node functions that call the agents and write records, the
routers, checkpointing, and the rules for what is due when.
"""
