"""Running production graphs for HTTP requests: in worker threads, never in the request.

The graph is synchronous and takes minutes; a request only records the job (so its id can be
answered at once) and hands the execution to a thread pool. Progress goes to the
:class:`~api.http.events.EventBus`; the outcome to the database (by the graph itself). A client
that disconnects loses nothing: the run keeps going and ``GET /v1/jobs/{id}`` shows it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import update

from agents.planner import PlanningRequest
from api.http.events import EventBus
from api.runtime import Runtime
from graph import runs as graph_runs
from graph.context import RunContext
from graph.nodes.approval import ApprovalAnswer
from graph.runs import (
    RunOutcome,
    answer_run,
    create_run,
    require_run_state,
    resume_run,
)
from graph.state import ProductionState
from storage.base import utcnow
from storage.database import transaction
from storage.enums import AgentRunStatus, JobStatus, RunResult, TriggerType
from storage.orchestration import AgentRun, Job

log = logging.getLogger("twinreel.api.runner")

Action = Callable[[RunContext, BaseCheckpointSaver[str]], RunOutcome]
OnFinish = Callable[[RunOutcome | None, str | None], None]


class RunCancelledError(RuntimeError):
    """Raised inside a run (at its next progress event) when the creator cancelled it."""


class RunBusyError(RuntimeError):
    """The job already has an execution in flight in this process."""


class RunRunner:
    """A bounded pool of threads executing runs, one execution per job at a time."""

    def __init__(
        self, runtime: Runtime, bus: EventBus, *, render_width: int | None, max_workers: int = 2
    ) -> None:
        self._rt = runtime
        self._bus = bus
        self._render_width = render_width
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="twinreel-run")
        self._lock = threading.Lock()
        self._active: dict[uuid.UUID, Future[None]] = {}
        self._cancelled: set[uuid.UUID] = set()

    # --- what requests call ----------------------------------------------------------------

    def start(
        self,
        user_id: uuid.UUID,
        request: PlanningRequest,
        on_finish: OnFinish | None = None,
        idempotency_key: str | None = None,
    ) -> tuple[uuid.UUID, uuid.UUID]:
        """Record the job and run now; execute them in a worker. Returns (job_id, run_id)."""
        ctx = self._context(None)
        job_id, run_id = create_run(
            ctx, user_id, request, TriggerType.MANUAL, idempotency_key=idempotency_key
        )
        state: ProductionState = {
            "job_id": str(job_id),
            "run_id": str(run_id),
            "user_id": str(user_id),
            "request": request,
            "attempts": [],
        }
        # start_run = create_run + this; split so the job id is known before the run starts.
        self._submit(
            job_id,
            lambda c, saver: graph_runs._execute(c, saver, run_id, state),
            on_finish,
        )
        return job_id, run_id

    def answer(
        self,
        job_id: uuid.UUID,
        run_id: uuid.UUID,
        answer: ApprovalAnswer,
        on_finish: OnFinish | None = None,
    ) -> None:
        """Resume a run paused at an interrupt with the creator's answer (RunStateError if not)."""
        self._require_interrupt(run_id, waiting=True)
        self._submit(job_id, lambda c, saver: answer_run(c, saver, run_id, answer), on_finish)

    def resume(self, job_id: uuid.UUID, run_id: uuid.UUID) -> None:
        """Continue a failed or killed run from its last checkpoint (RunStateError if it can't)."""
        self._require_interrupt(run_id, waiting=False)
        self._submit(job_id, lambda c, saver: resume_run(c, saver, run_id), None)

    def is_running(self, job_id: uuid.UUID) -> bool:
        with self._lock:
            future = self._active.get(job_id)
            return future is not None and not future.done()

    def cancel(self, job_id: uuid.UUID) -> bool:
        """Ask an in-flight run to stop at its next step; False when none is in flight here."""
        with self._lock:
            if job_id not in self._active:
                return False
            self._cancelled.add(job_id)
            return True

    def shutdown(self, *, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=False)

    # --- inside ----------------------------------------------------------------------------

    def _context(self, job_id: uuid.UUID | None) -> RunContext:
        return self._rt.run_context(
            self._sink(job_id) if job_id is not None else None,
            width_override=self._render_width,
        )

    def _sink(self, job_id: uuid.UUID) -> Callable[[Mapping[str, Any]], None]:
        raised = False

        def sink(event: Mapping[str, Any]) -> None:
            nonlocal raised
            self._bus.publish(job_id, event)
            if not raised and job_id in self._cancelled:
                raised = True
                raise RunCancelledError(f"job {job_id} was cancelled by the creator")

        return sink

    def _require_interrupt(self, run_id: uuid.UUID, *, waiting: bool) -> None:
        with self._rt.checkpointer() as saver:
            require_run_state(saver, run_id, waiting=waiting)

    def _submit(self, job_id: uuid.UUID, action: Action, on_finish: OnFinish | None) -> None:
        with self._lock:
            current = self._active.get(job_id)
            if current is not None and not current.done():
                raise RunBusyError(f"job {job_id} is already running")
            self._bus.open(job_id)
            self._active[job_id] = self._pool.submit(self._execute, job_id, action, on_finish)

    def _execute(self, job_id: uuid.UUID, action: Action, on_finish: OnFinish | None) -> None:
        outcome: RunOutcome | None = None
        error: str | None = None
        try:
            ctx = self._context(job_id)
            with self._rt.checkpointer() as saver:
                outcome = action(ctx, saver)
            if job_id in self._cancelled:
                self._mark_cancelled(job_id)
                error = CANCELLED
        except Exception as exc:  # a run must end in an answer, whatever went wrong
            log.exception("run of job %s crashed outside the graph", job_id)
            error = f"{type(exc).__name__}: {exc}"
        finally:
            self._bus.publish(job_id, final_event(job_id, outcome, error))
            self._bus.close(job_id)
            with self._lock:
                self._cancelled.discard(job_id)
                self._active.pop(job_id, None)
        if on_finish is not None:
            try:
                on_finish(outcome, error)
            except Exception:
                log.exception("on_finish of job %s failed", job_id)

    def _mark_cancelled(self, job_id: uuid.UUID) -> None:
        mark_cancelled(self._rt, job_id)


def mark_cancelled(rt: Runtime, job_id: uuid.UUID) -> None:
    """Record a cancellation on the job and its unfinished runs."""
    now = utcnow()
    with transaction(rt.session_factory) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                status=JobStatus.CANCELLED,
                finished_at=now,
                error_json={"type": "Cancelled", "message": "cancelled by the creator"},
            )
        )
        session.execute(
            update(AgentRun)
            .where(AgentRun.job_id == job_id, AgentRun.finished_at.is_(None))
            .values(
                status=AgentRunStatus.FAILED,
                result=RunResult.ERROR,
                finished_at=now,
                summary="Cancelled by the creator",
                error_json={"type": "Cancelled", "message": "cancelled by the creator"},
            )
        )


CANCELLED = "cancelled by the creator"

ANSWERS = {
    "completed": "Done: your reel is made and published (or scheduled).",
    "awaiting_approval": "Your reel is ready for review: approve, reject or edit it.",
    "awaiting_decision": "The critic was not satisfied after every retry: approve the best "
    "draft or reject it.",
    "rejected": "The reel was rejected; nothing was published.",
    "failed": "The run failed; fix the cause and resume it.",
}


def final_event(job_id: uuid.UUID, outcome: RunOutcome | None, error: str | None) -> dict[str, Any]:
    """The last event of a stream: how the run ended, in words and ids."""
    if error == CANCELLED or outcome is None:
        cancelled = error == CANCELLED
        return {
            "step": "answer",
            "status": "cancelled" if cancelled else "failed",
            "job_id": str(job_id),
            "error": error,
            "message": "The run was cancelled." if cancelled else ANSWERS["failed"],
        }
    event: dict[str, Any] = {
        "step": "answer",
        "status": outcome.status,
        "job_id": str(job_id),
        "run_id": outcome.run_id,
        "message": ANSWERS[outcome.status],
    }
    reel = outcome.values.get("reel")
    reel_id = getattr(reel, "reel_id", None)
    if reel_id:
        event["reel_id"] = reel_id
        event["video_url"] = f"/v1/reels/{reel_id}/video"
    if outcome.error:
        event["error"] = outcome.error
    return event
