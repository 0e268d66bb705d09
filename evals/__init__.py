"""Critic evals (datasets, metrics, reports) and performance benchmarks."""
