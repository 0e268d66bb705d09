"""Schema migrations by URL: ``upgrade(url)`` and ``current(url)`` (``twinreel db upgrade``).

Alembic is configured in code (no alembic.ini to find): the script location is this package's
``migrations`` folder, so it works the same from a checkout, a wheel, a test or a worker.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from storage.database import make_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would eat a literal "%" (e.g. in an encoded password).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (default: the latest)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the database at ``url`` back to ``revision`` ("base" drops everything)."""
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at, or None if it was never migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def autogenerate_revision(url: str, message: str, rev_id: str) -> None:
    """Write a new revision comparing the models with the database at ``url`` (which must be
    at head); review it by hand before committing, as Alembic cannot see renames or CHECKs."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)


def head() -> str:
    """The newest revision shipped with this code."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if revision is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return revision
