"""The relational record: SQLAlchemy models for every seed entity, sessions, repositories,
encryption at rest, reference data and Alembic migrations.

Imports nothing else of Twinreel's; everything else may import it.
"""
