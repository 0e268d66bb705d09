"""Writing a :class:`ReportDocument` as HTML (charts inline) and PDF (``PdfPages``)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from graph.reports.charts import all_charts, png_bytes
from graph.reports.document import SIMULATED_MARKER, ReportDocument

METRIC_COLUMNS = ("posts", "views", "impressions", "likes", "comments", "shares", "saves")

STYLE = """body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#212529}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #dee2e6;padding:4px 8px;
text-align:right}th{background:#f1f3f5}td:first-child,th:first-child{text-align:left}
.sim{background:#fff5f5;border:2px solid #c92a2a;color:#c92a2a;padding:8px;font-weight:bold}
img{max-width:100%}"""


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path
    charts: dict[str, Path]


def _table(doc: ReportDocument) -> str:
    head = "".join(f"<th>{c}</th>" for c in ("", *METRIC_COLUMNS, "engagement", "ctr"))
    rows = [("total", doc.numbers["totals"]), *doc.numbers["per_platform"].items()]
    body = ""
    for name, row in rows:
        cells = "".join(f"<td>{int(row[c]):,}</td>" for c in METRIC_COLUMNS)
        cells += f"<td>{row['engagement_rate']:.1%}</td><td>{row['ctr']:.1%}</td>"
        body += f"<tr><td>{html.escape(str(name))}</td>{cells}</tr>"
    return f"<table><tr>{head}</tr>{body}</table>"


def _top_posts(doc: ReportDocument) -> str:
    rows = ""
    for post in doc.top_posts:
        title = html.escape(str(post["title"]))
        link = post.get("link")
        cell = f'<a href="{html.escape(str(link))}">{title}</a>' if link else title
        rows += (
            f"<tr><td>{cell}</td><td>{html.escape(str(post.get('platform', '')))}</td>"
            f"<td>{int(post.get('views', 0)):,}</td><td>{float(post['score']):.2f}</td></tr>"
        )
    return (
        f"<table><tr><th>post</th><th>platform</th><th>views</th><th>score</th></tr>{rows}</table>"
    )


def render_html(doc: ReportDocument, charts: dict[str, Figure]) -> str:
    banner = f'<p class="sim">{SIMULATED_MARKER}</p>' if doc.simulated else ""
    images = "".join(
        f'<img alt="{name}" src="data:image/png;base64,'
        f'{base64.b64encode(png_bytes(fig)).decode()}">'
        for name, fig in charts.items()
    )
    findings = "".join(f"<li>{html.escape(f)}</li>" for f in doc.findings)
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in doc.next_steps)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(doc.title)}"
        f"</title><style>{STYLE}</style></head><body><h1>{html.escape(doc.title)}</h1>{banner}"
        f"<p><strong>{html.escape(doc.headline)}</strong></p>"
        f"<h2>Totals and platforms</h2>{_table(doc)}<h2>Top posts</h2>{_top_posts(doc)}"
        f"<h2>Findings</h2><ul>{findings}</ul><h2>Next week</h2><ul>{steps}</ul>"
        f"<h2>Charts</h2>{images}</body></html>"
    )


def summary_page(doc: ReportDocument) -> Figure:
    """Page one of the PDF: title, simulated marker, headline, totals, top posts, findings."""
    fig = Figure(figsize=(8.27, 11.69), dpi=100)  # A4 portrait
    y = 0.95

    def line(
        text: str,
        size: float = 9,
        color: str = "#212529",
        weight: str = "normal",
        family: str = "sans-serif",
    ) -> None:
        nonlocal y
        fig.text(
            0.06, y, text[:110], fontsize=size, color=color, weight=weight, va="top", family=family
        )
        y -= 0.012 + size / 700

    line(doc.title, 14, weight="bold")
    if doc.simulated:
        line(SIMULATED_MARKER, 9, "#C92A2A", "bold")
    line(doc.headline, 10)
    y -= 0.01
    line("Totals and platforms", 11, weight="bold")
    for name, row in [("total", doc.numbers["totals"]), *doc.numbers["per_platform"].items()]:
        line(
            f"{name:<16} posts {row['posts']:>3}  views {row['views']:>9,}  likes "
            f"{row['likes']:>7,}  shares {row['shares']:>6,}  engagement "
            f"{row['engagement_rate']:.1%}",
            8,
            family="monospace",
        )
    y -= 0.01
    line("Top posts", 11, weight="bold")
    for post in doc.top_posts:
        line(
            f"{float(post['score']):.2f}  {post.get('platform', '')}  "
            f"{int(post.get('views', 0)):,} views  {post['title']}",
            8,
        )
    y -= 0.01
    line("Findings", 11, weight="bold")
    for finding in doc.findings:
        line(f"• {finding}", 8)
    line("Next week", 11, weight="bold")
    for step in doc.next_steps:
        line(f"• {step}", 8)
    return fig


def render_report(doc: ReportDocument, out_dir: Path, stem: str) -> ReportFiles:
    """``<stem>.html``, ``<stem>.pdf`` and each chart as ``<stem>-<chart>.png`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts = all_charts(doc)
    chart_paths: dict[str, Path] = {}
    for name, fig in charts.items():
        path = out_dir / f"{stem}-{name}.png"
        path.write_bytes(png_bytes(fig))
        chart_paths[name] = path
    summary = summary_page(doc)
    summary_path = out_dir / f"{stem}-summary.png"
    summary_path.write_bytes(png_bytes(summary))  # the PDF's first page, viewable as an image
    chart_paths["summary"] = summary_path
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(render_html(doc, charts), encoding="utf-8")
    pdf_path = out_dir / f"{stem}.pdf"
    with PdfPages(pdf_path, metadata={"Title": doc.title, "Creator": "twinreel"}) as pdf:
        pdf.savefig(summary)
        for fig in charts.values():
            pdf.savefig(fig)
    return ReportFiles(html=html_path, pdf=pdf_path, charts=chart_paths)
