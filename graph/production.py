"""The production graph: one reel from request to post.

```
START → planner → persona → story → critic ─accept / best effort→ remember → media
                              ↑        │retry (≤ retry_limit)                   │
                              └────────┘                  approval required? ───┤
                   limit hit and the creator asked to decide → ask_creator      │
                                     request_approval → await_approval ← yes ───┤
                                                              │ approved        │ no
                                                              └──────→ publisher ← ┘ → END
```
"""

from __future__ import annotations

from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph.context import RunContext
from graph.nodes.approval import ask_creator_node, await_approval_node, request_approval_node
from graph.nodes.critic import critic_node
from graph.nodes.media import media_node
from graph.nodes.persona import persona_node
from graph.nodes.planner import planner_node
from graph.nodes.publisher import publisher_node
from graph.nodes.remember import remember_node
from graph.nodes.story import story_node
from graph.state import ProductionState

NODES = (
    "planner",
    "persona",
    "story",
    "critic",
    "ask_creator",
    "media",
    "request_approval",
    "await_approval",
    "publisher",
)


def route_after_critic(state: ProductionState) -> Literal["story", "remember", "ask_creator"]:
    decision = state.get("decision")
    if decision == "retry":
        return "story"
    if decision == "ask_creator":
        return "ask_creator"
    return "remember"


def route_after_media(state: ProductionState) -> Literal["request_approval", "publisher"]:
    return "request_approval" if state.get("approval") is None else "publisher"


def route_after_approval(state: ProductionState) -> Literal["publisher", "__end__"]:
    return "__end__" if state.get("approval") == "rejected" else "publisher"


def route_after_ask(state: ProductionState) -> Literal["remember", "__end__"]:
    return "__end__" if state.get("approval") == "rejected" else "remember"


def build_production_graph(
    checkpointer: BaseCheckpointSaver[str] | None,
) -> CompiledStateGraph[ProductionState, RunContext, ProductionState, ProductionState]:
    builder = StateGraph(ProductionState, context_schema=RunContext)
    builder.add_node("planner", planner_node)
    builder.add_node("persona", persona_node)
    builder.add_node("story", story_node)
    builder.add_node("critic", critic_node)
    builder.add_node("ask_creator", ask_creator_node)
    builder.add_node("remember", remember_node)
    builder.add_node("media", media_node)
    builder.add_node("request_approval", request_approval_node)
    builder.add_node("await_approval", await_approval_node)
    builder.add_node("publisher", publisher_node)

    builder.add_edge(START, "planner")
    builder.add_edge("planner", "persona")
    builder.add_edge("persona", "story")
    builder.add_edge("story", "critic")
    builder.add_conditional_edges("critic", route_after_critic)
    builder.add_conditional_edges("ask_creator", route_after_ask)
    builder.add_edge("remember", "media")
    builder.add_conditional_edges("media", route_after_media)
    builder.add_edge("request_approval", "await_approval")
    builder.add_conditional_edges("await_approval", route_after_approval)
    builder.add_edge("publisher", END)
    return builder.compile(checkpointer=checkpointer)
