"""Every entry point: the Typer CLI, the FastAPI app, the worker and the scheduler.

The only package that reads settings and the environment; it builds engines and clients and
passes them down as explicit objects.
"""
