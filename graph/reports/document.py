"""What a weekly report shows, independent of how it is drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SIMULATED_MARKER = "SIMULATED — numbers from the offline audience simulator, not a platform"


@dataclass(frozen=True)
class PostSeries:
    """One post's views at each snapshot (hours since publishing)."""

    label: str
    platform: str
    points: list[tuple[float, int]]


@dataclass(frozen=True)
class ReportDocument:
    creator: str
    week_start: date
    week_end: date
    numbers: dict[str, Any]  # analyst.aggregate(): totals, per_platform, simulated
    top_posts: list[dict[str, Any]]
    headline: str
    findings: list[str]
    next_steps: list[str]
    topic_standing: dict[str, float] = field(default_factory=dict)
    series: list[PostSeries] = field(default_factory=list)

    @property
    def simulated(self) -> bool:
        return bool(self.numbers.get("simulated"))

    @property
    def title(self) -> str:
        return (
            f"Weekly report · {self.creator} · {self.week_start:%d %b} – {self.week_end:%d %b %Y}"
        )
