"""The report's charts as matplotlib figures (object API: safe in threads and servers)."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from graph.reports.document import SIMULATED_MARKER, ReportDocument

PALETTE = ["#4C6EF5", "#F76707", "#2F9E44", "#AE3EC9", "#E03131", "#1098AD", "#5C940D"]


def _mark_simulated(fig: Figure, doc: ReportDocument) -> None:
    if doc.simulated:
        fig.text(
            0.5, 0.005, SIMULATED_MARKER, ha="center", va="bottom", fontsize=7, color="#C92A2A"
        )


def platform_chart(doc: ReportDocument) -> Figure:
    """Views and weighted engagement per platform."""
    fig = Figure(figsize=(7, 3.2), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    rows = doc.numbers.get("per_platform", {})
    names = list(rows)
    views = [rows[n]["views"] for n in names]
    ax.bar(names, views, color=PALETTE[: len(names)] or PALETTE[0])
    ax.set_ylabel("views")
    ax.set_title("Views per platform (bar) · engagement rate (dots)")
    twin = ax.twinx()
    twin.plot(names, [rows[n]["engagement_rate"] for n in names], "o", color="#212529")
    twin.set_ylabel("engagement / view")
    rates = [rows[n]["engagement_rate"] for n in names]
    twin.set_ylim(0, max([*rates, 0.01]) * 1.25)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    _mark_simulated(fig, doc)
    return fig


def growth_chart(doc: ReportDocument) -> Figure:
    """Each post's views over the hours since it went out (one line per post)."""
    fig = Figure(figsize=(7, 3.2), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    for index, series in enumerate(doc.series):
        if series.points:
            hours, views = zip(*series.points, strict=True)
            ax.plot(
                hours,
                views,
                marker="o",
                color=PALETTE[index % len(PALETTE)],
                label=f"{series.label[:28]} ({series.platform})",
            )
    ax.set_xscale("symlog", linthresh=1)
    ax.set_xlabel("hours since publishing")
    ax.set_ylabel("views")
    ax.set_title("Views over time per post")
    if doc.series:
        ax.legend(fontsize=6, loc="upper left")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    _mark_simulated(fig, doc)
    return fig


def topic_chart(doc: ReportDocument) -> Figure:
    """Each topic's standing (outcome blended with critic score and rating)."""
    fig = Figure(figsize=(7, 3.2), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    ranked = sorted(doc.topic_standing.items(), key=lambda kv: kv[1])
    ax.barh([t[:40] for t, _ in ranked], [v for _, v in ranked], color="#4C6EF5")
    ax.set_xlim(0, 1)
    ax.set_xlabel("standing (0–1)")
    ax.set_title("Topics by standing (strongest on top)")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    _mark_simulated(fig, doc)
    return fig


def all_charts(doc: ReportDocument) -> dict[str, Figure]:
    return {
        "platforms": platform_chart(doc),
        "growth": growth_chart(doc),
        "topics": topic_chart(doc),
    }


def png_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)  # attaches an Agg canvas to the figure
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
