"""Performance benchmarks: ``python -m evals.benchmarks.<name>`` prints the figures."""
