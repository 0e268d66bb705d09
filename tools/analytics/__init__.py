"""Analytics collection: per-platform insights clients and the offline audience simulator.

Every source answers with the same normalised :class:`~tools.analytics.metrics.PostMetrics`
dict (seed 000 §13.2 plus ``retention`` where the platform reports it), so the learning graph
never branches on where the numbers came from — only on whether they are simulated.
"""
