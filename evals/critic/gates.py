"""``--min METRIC=VALUE`` gates: the thresholds CI holds a critic to."""

from __future__ import annotations

from dataclasses import dataclass

from evals.critic.runner import EvalResult


@dataclass(frozen=True)
class Gate:
    metric: str
    minimum: float


@dataclass(frozen=True)
class GateOutcome:
    gate: Gate
    measured: float | None

    @property
    def passed(self) -> bool:
        return self.measured is not None and self.measured >= self.gate.minimum


def parse_gate(text: str) -> Gate:
    """Parse ``accuracy=0.62`` into a gate; the message names what is wrong."""
    metric, sep, value = text.partition("=")
    if not sep or not metric.strip():
        raise ValueError(f"--min expects METRIC=VALUE (e.g. accuracy=0.62), got {text!r}")
    try:
        minimum = float(value)
    except ValueError:
        raise ValueError(f"--min {metric.strip()}: {value!r} is not a number") from None
    return Gate(metric.strip(), minimum)


def check_gates(result: EvalResult, gates: list[Gate]) -> list[GateOutcome]:
    """Each gate against the result's summary metrics (unknown metrics fail)."""
    return [GateOutcome(gate, result.summary.get(gate.metric)) for gate in gates]
