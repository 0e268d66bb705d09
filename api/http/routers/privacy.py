"""Privacy: export everything (a zip), delete everything, and the consent log."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Header, status
from fastapi.responses import FileResponse, Response
from sqlalchemy import select

from api.http.deps import CallerDep, SessionDep, StateDep
from api.http.privacy import build_export, erase_user
from api.http.routers.content import strictly_owned
from api.http.schemas.resources import ConsentCreate, ConsentOut
from storage.enums import JobStatus
from storage.errors import InvalidValueError
from storage.identity import ConsentRecord, User
from storage.orchestration import Job

router = APIRouter(prefix="/v1/me", tags=["privacy"])


@router.get(
    "/export",
    summary="All your data: a zip with one JSON file per table and your media files",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def export(caller: CallerDep, state: StateDep, background: BackgroundTasks) -> FileResponse:
    path = build_export(state.runtime, state.media, caller.user_id)
    background.add_task(path.unlink, missing_ok=True)
    return FileResponse(
        path, media_type="application/zip", filename=f"twinreel-export-{caller.user_id}.zip"
    )


@router.delete(
    "",
    summary="Delete your account and everything in it (header X-Confirm-Email: <your email>)",
)
def delete_me(
    caller: CallerDep,
    state: StateDep,
    confirm: Annotated[
        str,
        Header(
            alias="X-Confirm-Email",
            max_length=320,
            description="Your account's email: proof the deletion is meant (a header, so the "
            "address never lands in access logs).",
        ),
    ],
) -> dict[str, Any]:
    with state.runtime.session_factory() as session:
        user = session.get_one(User, caller.user_id)
        if confirm.strip().lower() != user.email.lower():
            raise InvalidValueError(
                "X-Confirm-Email", "(hidden)", reason="must equal your account's email"
            )
        live = list(
            session.scalars(
                select(Job.id).where(
                    Job.user_id == caller.user_id,
                    Job.status.in_([JobStatus.RUNNING, JobStatus.QUEUED]),
                )
            )
        )
    running = [job_id for job_id in live if state.runner.is_running(job_id)]
    if running:
        for job_id in running:
            state.runner.cancel(job_id)
        from graph.runs import RunStateError

        raise RunStateError(
            f"{len(running)} run(s) were still going and are being cancelled; retry in a moment"
        )
    return {"deleted": True, **erase_user(state.runtime, state.media, caller.user_id)}


@router.get("/consents", response_model=list[ConsentOut], summary="Your consent log")
def list_consents(caller: CallerDep, session: SessionDep) -> list[ConsentRecord]:
    return list(
        session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.user_id == caller.user_id)
            .order_by(ConsentRecord.granted_at)
        )
    )


@router.post(
    "/consents",
    response_model=ConsentOut,
    status_code=status.HTTP_201_CREATED,
    summary="Grant or withdraw a consent (a new entry; the newest per type wins)",
)
def create_consent(body: ConsentCreate, caller: CallerDep, session: SessionDep) -> ConsentRecord:
    row = ConsentRecord(
        user_id=caller.user_id,
        consent_type=body.consent_type,
        granted=body.granted,
        details=body.details,
    )
    session.add(row)
    session.flush()
    return row


@router.get("/consents/{consent_id}", response_model=ConsentOut, summary="One consent entry")
def get_consent(consent_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> ConsentRecord:
    return strictly_owned(session, ConsentRecord, consent_id, caller.user_id)


@router.delete(
    "/consents/{consent_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a consent entry made in error (to withdraw, add a `granted: false` entry)",
)
def delete_consent(consent_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> Response:
    row = strictly_owned(session, ConsentRecord, consent_id, caller.user_id)
    session.delete(row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
