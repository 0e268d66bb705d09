"""Alembic migrations of the Twinreel schema (run through :mod:`storage.migrate`)."""
