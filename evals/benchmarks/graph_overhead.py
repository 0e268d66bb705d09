"""Benchmark: the production graph's own overhead per reel, and LLM cost per accepted reel.

Overhead is everything but the model calls, TTS and encoding: database writes, the step
journal, checkpointing, tools, the critic, caption/scene preparation. It is measured as wall
time minus model time (timed by a callback around every chat-model call) minus the render's own
stage timings (narration, visuals, assembly, thumbnail). Two passes:

1. offline writer in-process: overhead per run (model time is near zero, so this is the graph);
2. the real OpenAI code path against the loopback fake server: LLM calls and tokens per
   accepted reel, as the server counted them (every request, the critic's judge included).

Run: ``python -m evals.benchmarks.graph_overhead [--runs N]``. Renders at preview width (the
encode is excluded anyway) so the figure is not dominated by ffmpeg.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from sqlalchemy import select

from agents.planner import PlanningRequest
from api.commands.db import upgrade_and_seed
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from graph.runs import start_run
from storage.enums import MediaAssetType
from storage.media import MediaAsset
from tools.llm.usage import ModelUsage

PROMPTS = [
    "a 20s TikTok about passkeys replacing passwords, playful",
    "a 25s YouTube Short on why sourdough needs a cold proof",
    "a 20s Reel about index funds for first-time investors",
    "a 15s TikTok on the two-minute rule for procrastinators",
    "a 20s TikTok about how black holes bend light",
]
PLATFORM_OF = {0: "tiktok", 1: "youtube_shorts", 2: "instagram", 3: "tiktok", 4: "tiktok"}


class ModelTimer(BaseCallbackHandler):
    """Wall time spent inside chat-model calls."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._started: dict[uuid.UUID, float] = {}
        self.seconds = 0.0

    def on_chat_model_start(
        self, serialized: Any, messages: Any, *, run_id: uuid.UUID, **kwargs: Any
    ) -> None:
        with self._lock:
            self._started[run_id] = time.perf_counter()

    def _stop(self, run_id: uuid.UUID) -> None:
        with self._lock:
            started = self._started.pop(run_id, None)
            if started is not None:
                self.seconds += time.perf_counter() - started

    def on_llm_end(self, response: Any, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        self._stop(run_id)

    def on_llm_error(self, error: BaseException, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        self._stop(run_id)


def _render_seconds(rt: Runtime, job_id: str) -> float:
    with rt.session_factory() as session:
        assets = session.scalars(
            select(MediaAsset).where(MediaAsset.type == MediaAssetType.RAW_VIDEO)
        ).all()
    for asset in assets:
        if job_id in asset.uri:
            return float(asset.metadata_json["timings"]["total_sec"])
    raise LookupError(f"no rendered video for job {job_id}")


def _runs(rt: Runtime, user_id: uuid.UUID, count: int) -> list[dict[str, float]]:
    """``count`` measured runs after one warm-up (imports, Chroma start-up, first checkpoint)."""
    figures = []
    for index in range(-1, count):
        timer, usage = ModelTimer(), ModelUsage()
        ctx = rt.run_context(width_override=270, usage=usage)
        ctx.callbacks.append(timer)
        request = PlanningRequest(
            prompt=PROMPTS[index % len(PROMPTS)], platform=PLATFORM_OF[index % len(PROMPTS)]
        )
        started = time.perf_counter()
        with rt.checkpointer() as saver:
            outcome = start_run(ctx, saver, user_id, request)
        wall = time.perf_counter() - started
        if outcome.status != "completed":
            raise RuntimeError(f"run {index} ended {outcome.status}: {outcome.error}")
        render = _render_seconds(rt, outcome.job_id)
        totals = usage.totals()
        if index < 0:
            continue
        figures.append(
            {
                "wall": wall,
                "model": timer.seconds,
                "render": render,
                "overhead": wall - timer.seconds - render,
                "attempts": float(len(outcome.values["attempts"])),
                "calls": float(totals.calls),
                "tokens": float(totals.total_tokens),
            }
        )
    return figures


def _summary(label: str, figures: list[dict[str, float]]) -> None:
    def median(key: str) -> float:
        return statistics.median(f[key] for f in figures)

    print(f"\n{label} ({len(figures)} runs, medians)")
    print(f"  wall per reel          {median('wall') * 1000:8.0f} ms")
    print(f"  model calls (time)     {median('model') * 1000:8.0f} ms")
    print(f"  render (TTS+visuals+encode) {median('render') * 1000:5.0f} ms")
    print(
        f"  graph overhead         {median('overhead') * 1000:8.0f} ms "
        f"(max {max(f['overhead'] for f in figures) * 1000:.0f} ms)"
    )
    print(f"  story attempts         {median('attempts'):8.1f}")
    print(f"  LLM calls (callbacks)  {median('calls'):8.1f}")
    print(f"  tokens (callbacks)     {median('tokens'):8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rt = open_runtime(Settings(data_dir=Path(tmp) / "offline", _env_file=None))
        user = upgrade_and_seed(rt, demo_creator=True)
        assert user is not None
        _summary("offline writer, in process", _runs(rt, user.id, args.runs))
        rt.close()

        from tests.fakes.openai_server import running_fake_openai

        with running_fake_openai() as fake:
            rt = open_runtime(
                Settings(
                    data_dir=Path(tmp) / "openai",
                    openai_api_key="sk-bench",
                    openai_base_url=fake.base_url,
                    embedder="lexical",
                    _env_file=None,
                )
            )
            user = upgrade_and_seed(rt, demo_creator=True)
            assert user is not None
            figures = _runs(rt, user.id, args.runs)
            _summary("OpenAI code path against the loopback fake", figures)
            chat = fake.chat_requests()
            print(
                f"  server-side: {len(chat) / (args.runs + 1):.1f} chat requests per accepted "
                "reel (the critic's judge included)"
            )
            rt.close()


if __name__ == "__main__":
    main()
