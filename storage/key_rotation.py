"""Re-encrypt every stored secret under the newest key.

Encrypted columns are found by convention (a mapped column whose name ends in ``_encrypted``),
so a new secret column is rotated without anyone remembering to register it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.crypto import SecretBox
from storage.models import Base

ENCRYPTED_SUFFIX = "_encrypted"
BATCH_SIZE = 500


@dataclass
class RotationReport:
    """How many stored secrets were re-encrypted, per ``table.column``."""

    rotated: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rotated.values())


def encrypted_columns() -> dict[type[Base], tuple[str, ...]]:
    """Every model with encrypted columns, and those columns' attribute names."""
    found: dict[type[Base], tuple[str, ...]] = {}
    for mapper in Base.registry.mappers:
        names = tuple(
            attr.key for attr in mapper.column_attrs if attr.key.endswith(ENCRYPTED_SUFFIX)
        )
        if names:
            found[mapper.class_] = names
    return found


def rotate_keys(session: Session, box: SecretBox) -> RotationReport:
    """Re-encrypt every encrypted column of every row with ``box``'s newest key.

    ``box`` must still hold the old keys (newest first) so the old ciphertexts can be read;
    once this has been committed, the old keys can be dropped. The caller owns the transaction.
    """
    report = RotationReport()
    for model, columns in encrypted_columns().items():
        rows = session.scalars(select(model).execution_options(yield_per=BATCH_SIZE))
        for row in rows:
            for column in columns:
                token = getattr(row, column)
                if token is None:
                    continue
                setattr(row, column, box.rotate(token))
                key = f"{model.__tablename__}.{column}"
                report.rotated[key] = report.rotated.get(key, 0) + 1
    session.flush()
    return report
