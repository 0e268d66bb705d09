"""Compare two eval results: what changed in the summary metrics and in per-row calls."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table

from evals.critic.runner import EvalResult


@dataclass(frozen=True)
class Comparison:
    table: Table
    warnings: list[str]
    flipped_rows: int
    compared_rows: int


def compare_results(a: EvalResult, b: EvalResult) -> Comparison:
    """Summary metric deltas (B − A), provenance differences and per-row flips."""
    warnings = []
    if a.dataset_sha256 != b.dataset_sha256:
        warnings.append(
            f"different datasets: {a.dataset_sha256[:12]} vs {b.dataset_sha256[:12]}; "
            "metric deltas compare different data"
        )
    if a.critic_version != b.critic_version:
        warnings.append(f"critic version {a.critic_version} → {b.critic_version}")
    if a.critic_config != b.critic_config:
        changed = sorted(
            key
            for key in set(a.critic_config) | set(b.critic_config)
            if a.critic_config.get(key) != b.critic_config.get(key)
        )
        warnings.append("critic config differs in: " + ", ".join(changed))
    table = Table(title="eval compare (B − A)")
    for column in ("metric", "A", "B", "Δ"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for key in sorted(set(a.summary) | set(b.summary)):
        va, vb = a.summary.get(key), b.summary.get(key)
        delta = f"{vb - va:+.4f}" if va is not None and vb is not None else "—"
        table.add_row(
            key,
            f"{va:.4f}" if va is not None else "—",
            f"{vb:.4f}" if vb is not None else "—",
            delta,
        )
    calls_a = {row.id: row.correct for row in a.row_scores if row.correct is not None}
    calls_b = {row.id: row.correct for row in b.row_scores if row.correct is not None}
    shared = calls_a.keys() & calls_b.keys()
    flipped = sum(1 for row_id in shared if calls_a[row_id] != calls_b[row_id])
    return Comparison(table, warnings, flipped, len(shared))
