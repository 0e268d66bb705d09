"""``twinreel eval``: score datasets with a critic, gate CI on the results, compare runs.

Only this entry point reads settings (the judge's key, base URL and model); the eval harness
below receives a ready :class:`~agents.critic.Critic`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

eval_app = typer.Typer(
    help="Evaluate the critic against datasets with known outcomes.", no_args_is_help=True
)
DEFAULT_JUDGE_MODEL = "gpt-4.1-mini"


class CriticKind(StrEnum):
    offline = "offline"
    llm = "llm"


def _build_critic(
    kind: CriticKind,
    judge_model: str | None,
    judge_weight: float,
    base_url: str | None,
    api_key: str | None,
) -> object:
    from agents.critic import Critic

    if kind is CriticKind.offline:
        return Critic()
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    from api.settings import load_settings

    settings = load_settings()
    key = api_key or (
        settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    )
    if not key:
        raise typer.BadParameter(
            "--critic llm needs an OpenAI-compatible API key: set TWINREEL_OPENAI_API_KEY or "
            "pass --openai-api-key",
            param_hint="--critic",
        )
    model = judge_model
    if model is None and settings.critic_model and settings.critic_model.startswith("openai:"):
        model = settings.critic_model.partition(":")[2]
    chat = ChatOpenAI(
        model=model or DEFAULT_JUDGE_MODEL,
        api_key=SecretStr(key),
        base_url=base_url or settings.openai_base_url,
        temperature=0,
        max_retries=1,
        timeout=60,
    )
    return Critic(judge_model=chat, judge_weight=judge_weight)


@eval_app.command("critic")
def critic_command(
    *,
    dataset: Annotated[
        Path,
        typer.Option(
            exists=True, dir_okay=False, readable=True, help="JSONL dataset (pairs or scored)."
        ),
    ],
    critic: Annotated[CriticKind, typer.Option(help="Which critic scores the rows.")] = (
        CriticKind.offline
    ),
    out: Annotated[Path, typer.Option(help="Folder for the JSON result and HTML report.")] = (
        Path("eval-results")
    ),
    minimum: Annotated[
        list[str] | None,
        typer.Option("--min", help="Gate: METRIC=VALUE, e.g. accuracy=0.62 (repeatable)."),
    ] = None,
    repeats: Annotated[
        int | None,
        typer.Option(min=1, help="Times each row is scored for consistency (default 2; llm 3)."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Score only the first N rows (bounds an LLM judge's cost)."),
    ] = None,
    judge_model: Annotated[str | None, typer.Option(help="Judge model name (llm).")] = None,
    judge_weight: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.4,
    openai_base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible URL.")] = None,
    openai_api_key: Annotated[str | None, typer.Option(help="API key for the judge.")] = None,
) -> None:
    """Score a dataset with a critic, write JSON + HTML, and gate on --min thresholds."""
    from agents.critic import Critic
    from evals.critic.dataset import DatasetError, load_dataset
    from evals.critic.gates import check_gates, parse_gate
    from evals.critic.report import summary_table, write_html, write_json
    from evals.critic.runner import run_critic_eval

    console = Console()
    try:
        gates = [parse_gate(text) for text in minimum or []]
        data = load_dataset(dataset)
        if limit is not None:
            data = data.head(limit)
    except (ValueError, DatasetError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    built = _build_critic(critic, judge_model, judge_weight, openai_base_url, openai_api_key)
    assert isinstance(built, Critic)
    runs = repeats or (3 if critic is CriticKind.llm else 2)
    result = run_critic_eval(data, built, repeats=runs)
    stem = f"{dataset.stem}-{critic.value}"
    json_path = write_json(result, out / f"{stem}.json")
    html_path = write_html(result, out / f"{stem}.html")
    console.print(summary_table(result))
    console.print(f"result: {json_path}\nreport: {html_path}")
    failed = False
    for outcome in check_gates(result, gates):
        measured = "missing" if outcome.measured is None else f"{outcome.measured:.4f}"
        status = "[green]pass[/green]" if outcome.passed else "[red]FAIL[/red]"
        console.print(f"{status} {outcome.gate.metric} = {measured} (min {outcome.gate.minimum})")
        failed = failed or not outcome.passed
    if failed:
        raise typer.Exit(1)


@eval_app.command("compare")
def compare_command(
    a: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Result JSON A.")],
    b: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Result JSON B.")],
) -> None:
    """Print what changed between two eval results (B − A)."""
    from evals.critic.compare import compare_results
    from evals.critic.report import load_result

    console = Console()
    try:
        comparison = compare_results(load_result(a), load_result(b))
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    for warning in comparison.warnings:
        console.print(f"[yellow]note:[/yellow] {warning}")
    console.print(comparison.table)
    if comparison.compared_rows:
        console.print(
            f"{comparison.flipped_rows} of {comparison.compared_rows} shared rows changed call"
        )


if __name__ == "__main__":
    eval_app()
