"""A real `twinreel run` process killed between nodes resumes to the same records, one post."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from api.commands.db import upgrade_and_seed
from api.runtime import open_runtime
from api.settings import Settings
from storage.base import Base
from storage.enums import OrchestratorEventType
from storage.orchestration import AgentRun, OrchestratorEvent

PROMPT = "a 20s TikTok about passkeys, playful"
ARGS = ["run", PROMPT, "--platform", "tiktok", "--duration", "20", "--preview-width", "270"]


def _cli(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TWINREEL_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "api", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _seed(data_dir: Path) -> None:
    rt = open_runtime(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    try:
        upgrade_and_seed(rt, demo_creator=True)
    finally:
        rt.close()


def _table_counts(data_dir: Path) -> dict[str, int]:
    rt = open_runtime(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    try:
        with rt.session_factory() as session:
            counts = {
                table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }
            resumed = (
                session.scalar(
                    select(func.count())
                    .select_from(OrchestratorEvent)
                    .where(OrchestratorEvent.event_type == OrchestratorEventType.RESUMED)
                )
                or 0
            )
            counts["orchestrator_events"] -= resumed
            counts["published_posts"] = session.execute(
                text("select count(*) from posts where publish_status = 'published'")
            ).scalar_one()
            return counts
    finally:
        rt.close()


@pytest.fixture(scope="module")
def reference_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The records of the same run, never interrupted."""
    reference_dir = tmp_path_factory.mktemp("reference")
    _seed(reference_dir)
    reference = _cli(reference_dir, *ARGS)
    output, _ = reference.communicate(timeout=300)
    assert reference.returncode == 0, output
    return _table_counts(reference_dir)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", ["▶ critic", "▶ media"])
def test_killed_run_resumes_to_the_records_of_an_uninterrupted_run(
    tmp_path: Path, kill_after: str, reference_counts: dict[str, int]
) -> None:
    killed_dir = tmp_path / "killed"
    _seed(killed_dir)

    victim = _cli(killed_dir, *ARGS)
    assert victim.stdout is not None
    seen = []
    for line in victim.stdout:
        seen.append(line)
        if kill_after in line:
            victim.send_signal(signal.SIGKILL)
            break
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL, "".join(seen)

    rt = open_runtime(Settings(data_dir=killed_dir, _env_file=None))  # type: ignore[call-arg]
    with rt.session_factory() as session:
        run_id = str(session.scalars(select(AgentRun.id)).one())
    rt.close()
    resumed = _cli(killed_dir, "runs", "resume", run_id)
    output, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, output

    counts = _table_counts(killed_dir)
    assert counts == reference_counts
    assert counts["published_posts"] == counts["posts"] == 1  # one TikTok post, never two
