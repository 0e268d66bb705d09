"""Agent_Memory: creative memory in Chroma.

Embedders, per-user collections of hooks, personas, emotion curves, topics and stories,
retrieval for the planner and story agents, reinforcement from critic scores and analytics,
compaction, and the rebuild of the index from the SQL record of truth.

Entry points (built by ``api/`` from settings, never at import time):
``memory.embedders.make_embedder`` → ``memory.index.open_memory_index`` →
``memory.service.CreativeMemoryService``.
"""
