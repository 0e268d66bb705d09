"""Showing a run's progress events in the terminal, one readable line (or bar) per step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table


class ConsoleProgress:
    """A ProgressSink that prints plan, persona, each draft and its scores, render %, posts."""

    def __init__(self, console: Console, *, verbose: bool = True) -> None:
        self.console = console
        self.verbose = verbose
        self._last_pct = -100.0

    def __call__(self, event: Mapping[str, Any]) -> None:
        step, status = event.get("step"), event.get("status")
        handler = getattr(self, f"_{step}", None)
        if status == "failed":
            self.console.print(f"[bold red]✗ {step} failed:[/] {event.get('error')}")
        elif handler is not None:
            handler(status, event)

    def _plan(self, status: str, event: Mapping[str, Any]) -> None:
        if status != "done":
            self.console.print("[bold cyan]▶ planner[/] deciding the reel…")
            return
        plan = event["plan"]
        self.console.print(
            f"  [cyan]plan[/] {plan['target_duration_sec']}s {plan['platform']} · "
            f"{plan['content_pillar']} · hook {plan['hook_type']} · curve {plan['emotion_curve']}"
        )
        self.console.print(f"  [cyan]topic[/] {plan['topic']} — {plan['angle']}")
        if event.get("looked_up"):
            self.console.print(f"  [dim]looked up: {', '.join(event['looked_up'])}[/]")
        for hit in event.get("memory_used", []):
            self.console.print(
                f"  [magenta]reusing from memory ({hit['kind']}, score {hit['score']:.2f}, "
                f"id {hit['id'][:8]}): {hit['text']}[/]"
            )

    def _persona(self, status: str, event: Mapping[str, Any]) -> None:
        if status == "done":
            twin = f" as {event['twin']}" if event.get("twin") else ""
            notes = event["constraints"].get("style_notes", "")
            self.console.print(f"[bold cyan]▶ persona[/] {event['persona']}{twin}: {notes}")

    def _story(self, status: str, event: Mapping[str, Any]) -> None:
        if status != "done":
            return
        story = event["story"]
        self.console.print(
            f"[bold cyan]▶ story[/] attempt {event['attempt']}: “{story['title']}” "
            f"({event['words']} words)"
        )
        if self.verbose:
            for scene in story["scenes"]:
                self.console.print(
                    f"   [dim]{scene['start_sec']:>5.1f}–{scene['end_sec']:>5.1f}s "
                    f"{scene['purpose']:<9}[/] {scene['narration']}"
                )

    def _critic(self, status: str, event: Mapping[str, Any]) -> None:
        if status != "done":
            return
        report = event["report"]
        colour = {"accept": "green", "retry": "yellow"}.get(event["decision"], "magenta")
        self.console.print(
            f"[bold cyan]▶ critic[/] hook {report['hook_score']:.2f} · pacing "
            f"{report['pacing_score']:.2f} · loop {report['loop_score']:.2f} · total "
            f"[bold]{report['total_score']:.2f}[/] → [{colour}]{event['decision']}[/]"
        )
        if event["decision"] != "accept":
            for note in report["notes"][:3]:
                if note["severity"] != "info":
                    self.console.print(
                        f"   [yellow]• {note['message']}[/] [dim]fix: {note['fix']}[/]"
                    )

    def _memory(self, status: str, event: Mapping[str, Any]) -> None:
        if status == "done":
            self.console.print(
                f"[bold cyan]▶ memory[/] remembered {event['remembered']} winning pattern(s)"
            )

    def _media(self, status: str, event: Mapping[str, Any]) -> None:
        if status == "started":
            self.console.print(
                "[bold cyan]▶ media[/] rendering (voice, visuals, captions, one ffmpeg pass)…"
            )
        elif status == "progress":
            pct = float(event["pct"])
            if pct - self._last_pct >= 25 or pct >= 100:
                self._last_pct = pct
                self.console.print(f"   [dim]render {pct:5.1f}%[/]")
        elif status == "done":
            self.console.print(
                f"   [green]✓[/] {event['duration_sec']:.1f}s reel in {event['render_sec']:.1f}s: "
                f"{event['video']}"
            )

    def _approval(self, status: str, event: Mapping[str, Any]) -> None:
        if status == "waiting":
            self.console.print("[bold yellow]⏸ waiting for the creator's approval[/]")
        else:
            self.console.print(f"[bold cyan]▶ approval[/] {status}")

    def _publish(self, status: str, event: Mapping[str, Any]) -> None:
        if status == "started":
            self.console.print(f"[bold cyan]▶ publisher[/] {', '.join(event['platforms'])}")
        elif status == "done":
            table = Table(show_header=True, header_style="bold")
            for column in ("platform", "account", "status", "where"):
                table.add_column(column)
            for post in event["posts"]:
                table.add_row(
                    post["platform"],
                    post["account_handle"],
                    post["status"],
                    post.get("url") or post.get("platform_post_id") or "",
                )
            self.console.print(table)
            if event.get("missing"):
                self.console.print(
                    f"   [yellow]no connected account for {', '.join(event['missing'])}[/]"
                )
