"""Write an eval result as JSON and as a self-contained HTML report, and summarise it.

The HTML embeds its plots as base64 PNGs (matplotlib, Agg backend) so the report is one file
that can be attached to a CI run or opened offline.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from rich.table import Table

from evals.critic.runner import CRITIC, EstimateModel, EvalResult, ScorerMetrics


def write_json(result: EvalResult, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    return path


def load_result(path: Path) -> EvalResult:
    try:
        return EvalResult.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not an eval result ({exc})") from None


def _headline(metrics: ScorerMetrics) -> EstimateModel | None:
    return metrics.accuracy or metrics.spearman


def _fmt(estimate: EstimateModel | None) -> str:
    if estimate is None:
        return "—"
    return f"{estimate.value:.3f} [{estimate.low:.3f}, {estimate.high:.3f}]"


def summary_table(result: EvalResult) -> Table:
    """Critic vs every baseline, for the terminal."""
    metric = "pairwise accuracy" if result.dataset_format == "pairs" else "Spearman"
    table = Table(title=f"{Path(result.dataset_path).name}: {result.rows} rows, {metric} (95% CI)")
    table.add_column("scorer")
    table.add_column(metric, justify="right")
    if result.dataset_format == "scored":
        table.add_column("within groups", justify="right")
        table.add_column("top−bottom third", justify="right")
    for name, metrics in result.scorers.items():
        cells = [name, _fmt(_headline(metrics))]
        if result.dataset_format == "scored":
            cells += [_fmt(metrics.spearman_within_groups), _fmt(metrics.separation)]
        table.add_row(*cells, style="bold" if name == CRITIC else None)
    table.caption = (
        f"critic {result.critic_version} · consistency {result.consistency.agreement:.3f} over "
        f"{result.consistency.repeats} runs (max spread {result.consistency.max_spread:.3g}) · "
        f"{result.critic_items_per_second:,.0f} items/s"
    )
    return table


def _png(figure: object) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _bar_plot(title: str, estimates: dict[str, EstimateModel], chance: float | None) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(estimates)
    values = [estimates[name].value for name in names]
    errors = [
        [estimates[n].value - estimates[n].low for n in names],
        [estimates[n].high - estimates[n].value for n in names],
    ]
    figure, axis = plt.subplots(figsize=(7, 0.5 * len(names) + 1.5))
    colors = ["#d1495b" if name == CRITIC else "#7a8fa6" for name in names]
    axis.barh(names, values, xerr=errors, color=colors, capsize=4)
    if chance is not None:
        axis.axvline(chance, color="black", linestyle="--", linewidth=1, label="chance")
        axis.legend(loc="lower right")
    axis.invert_yaxis()
    axis.set_title(title)
    axis.set_xlabel("value with bootstrap 95% CI")
    return _png(figure)


def _score_plot(result: EvalResult) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 3.5))
    if result.dataset_format == "pairs":
        margins = []
        for row in result.row_scores:
            a, b = row.scores
            margins.append(abs(a - b) if row.correct == 1.0 else -abs(a - b))
        axis.hist(margins, bins=40, color="#2e86ab")
        axis.axvline(0, color="black", linewidth=1)
        axis.set_title("critic margin: winner score − loser score")
        axis.set_xlabel("> 0: critic ranks the real winner higher")
        axis.set_ylabel("pairs")
    else:
        points = [
            (row.scores[0], row.outcome) for row in result.row_scores if row.outcome is not None
        ]
        axis.scatter([x for x, _ in points], [y for _, y in points], s=6, alpha=0.5)
        axis.set_title("critic score vs outcome")
        axis.set_xlabel("critic score")
        axis.set_ylabel("outcome")
    return _png(figure)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(result: EvalResult) -> str:
    """The full report: provenance, critic vs baselines, breakdowns, plots."""
    critic = result.scorers[CRITIC]
    sections: list[str] = []
    provenance = [
        ["dataset", result.dataset_path],
        ["sha256", result.dataset_sha256],
        ["format / rows", f"{result.dataset_format} / {result.rows}"],
        ["critic", f"{result.critic_version} {json.dumps(result.critic_config)[:400]}"],
        ["started", result.started_at],
        ["seconds", f"{result.seconds:.2f}"],
        ["critic throughput", f"{result.critic_items_per_second:,.0f} items/s"],
        [
            "consistency",
            f"{result.consistency.agreement:.3f} identical over {result.consistency.repeats} "
            f"runs; mean spread {result.consistency.mean_spread:.3g}, max "
            f"{result.consistency.max_spread:.3g}",
        ],
    ]
    sections.append("<h2>Run</h2>" + _table(["", ""], provenance))
    if result.dataset_format == "pairs":
        rows = [[name, _fmt(m.accuracy)] for name, m in result.scorers.items()]
        sections.append(
            "<h2>Pairwise accuracy: critic vs baselines</h2>"
            + _table(["scorer", "accuracy [95% CI]"], rows)
        )
        accuracies = {n: m.accuracy for n, m in result.scorers.items() if m.accuracy}
        sections.append(_img(_bar_plot("pairwise accuracy", accuracies, 0.5)))
        for title, breakdown in (
            ("strength bucket", critic.by_bucket),
            ("reason label", critic.by_label),
        ):
            if breakdown:
                sections.append(
                    f"<h2>Critic accuracy by {title}</h2>"
                    + _table(
                        [title, "n", "accuracy [95% CI]"],
                        [[k, str(v.n), _fmt(v)] for k, v in breakdown.items()],
                    )
                )
                sections.append(_img(_bar_plot(f"critic accuracy by {title}", breakdown, 0.5)))
    else:
        rows = [
            [
                name,
                _fmt(m.spearman),
                _fmt(m.spearman_within_groups),
                str(m.groups_used),
                _fmt(m.separation),
            ]
            for name, m in result.scorers.items()
        ]
        sections.append(
            "<h2>Rank correlation with outcomes: critic vs baselines</h2>"
            + _table(
                [
                    "scorer",
                    "Spearman overall",
                    "within groups (mean)",
                    "groups ≥20",
                    "top − bottom third outcome",
                ],
                rows,
            )
        )
        correlations = {n: m.spearman for n, m in result.scorers.items() if m.spearman}
        sections.append(_img(_bar_plot("Spearman with outcome", correlations, 0.0)))
    sections.append(_img(_score_plot(result)))
    summary = [[key, f"{value:.4g}"] for key, value in result.summary.items()]
    sections.append(
        "<h2>Summary metrics (for --min gates)</h2>" + _table(["metric", "value"], summary)
    )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        "padding:4px 8px;text-align:left;font-size:14px}th{background:#f3f3f3}"
    )
    title = f"Critic eval: {html.escape(Path(result.dataset_path).name)}"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{style}</style></head><body><h1>{title}</h1>{''.join(sections)}</body></html>"
    )


def _img(png_base64: str) -> str:
    return f"<img alt='plot' src='data:image/png;base64,{png_base64}'>"


def write_html(result: EvalResult, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(result), encoding="utf-8")
    return path
