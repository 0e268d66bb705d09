"""The creator's content: personas, twins, voice profiles, projects, calendars and their items,
scripts, reels (with a Range-capable video stream), posts with their analytics, weekly reports
and strategy updates. Every query is filtered by the caller's id; shared presets (no owner) are
readable by everyone and writable by no one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, status
from fastapi.responses import FileResponse
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from api.http.deps import CallerDep, SessionDep, StateDep
from api.http.schemas.resources import (
    AnalyticsOut,
    CalendarDetail,
    CalendarItemOut,
    CalendarItemUpdate,
    CalendarOut,
    CampaignOut,
    PersonaCreate,
    PersonaOut,
    PostDetail,
    PostOut,
    ProjectOut,
    ReelOut,
    ScriptOut,
    StrategyUpdateOut,
    TwinOut,
    TwinUpdate,
    VoiceProfileOut,
    WeeklyReportOut,
)
from storage.analytics import AnalyticsSnapshot, StrategyUpdate, WeeklyReport
from storage.base import Base
from storage.creative import AiTwin, Persona, Script, VoiceProfile
from storage.enums import ApprovalStatus
from storage.errors import ConflictError, NotFoundError
from storage.media import VideoReel
from storage.planning import CalendarItem, Campaign, ContentCalendar, Project
from storage.publishing import Post
from storage.repositories import get_owned

router = APIRouter(prefix="/v1", tags=["content"])

Limit = Annotated[int, Query(ge=1, le=200)]
ModelT = TypeVar("ModelT", bound=Base)


def strictly_owned(
    session: Session, model: type[ModelT], row_id: uuid.UUID, user_id: uuid.UUID
) -> ModelT:
    """The caller's own row (shared presets excluded: those are read-only)."""
    row = session.get(model, row_id)
    if row is None or getattr(row, "user_id", None) != user_id:
        raise NotFoundError(model.__name__, row_id)
    return row


def _mine(session: Session, model: Any, user_id: uuid.UUID, limit: int, order: Any) -> list[Any]:
    return list(
        session.scalars(select(model).where(model.user_id == user_id).order_by(order).limit(limit))
    )


def _shared(row: Any) -> dict[str, Any]:
    return {"shared": row.user_id is None}


# --- personas, twins, voices ------------------------------------------------------------------


def _persona(row: Persona) -> PersonaOut:
    return PersonaOut.model_validate({**row.__dict__, **_shared(row)})


@router.get("/personas", response_model=list[PersonaOut], summary="Your personas and the presets")
def list_personas(caller: CallerDep, session: SessionDep) -> list[PersonaOut]:
    rows = session.scalars(
        select(Persona)
        .where(or_(Persona.user_id == caller.user_id, Persona.user_id.is_(None)))
        .order_by(Persona.name)
    )
    return [_persona(r) for r in rows]


@router.get("/personas/{persona_id}", response_model=PersonaOut, summary="One persona")
def get_persona(persona_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> PersonaOut:
    return _persona(get_owned(session, Persona, persona_id, caller.user_id))


@router.post(
    "/personas",
    response_model=PersonaOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create a persona (writing style) of your own",
)
def create_persona(body: PersonaCreate, caller: CallerDep, session: SessionDep) -> PersonaOut:
    taken = session.scalars(
        select(Persona.id).where(Persona.user_id == caller.user_id, Persona.slug == body.slug)
    ).first()
    if taken is not None:
        raise ConflictError("personas", ["slug"], [body.slug])
    row = Persona(
        user_id=caller.user_id,
        slug=body.slug,
        name=body.name,
        sentence_length=body.sentence_length,
        energy_level=body.energy_level,
        vocabulary_level=body.vocabulary_level,
        traits_json=dict(body.traits),
    )
    session.add(row)
    session.flush()
    return _persona(row)


def _twin(row: AiTwin) -> TwinOut:
    return TwinOut.model_validate({**row.__dict__, **_shared(row)})


@router.get("/twins", response_model=list[TwinOut], summary="Your AI twins")
def list_twins(caller: CallerDep, session: SessionDep) -> list[TwinOut]:
    rows = session.scalars(
        select(AiTwin).where(AiTwin.user_id == caller.user_id).order_by(AiTwin.name)
    )
    return [_twin(r) for r in rows]


@router.get("/twins/{twin_id}", response_model=TwinOut, summary="One twin (config stays encrypted)")
def get_twin(twin_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> TwinOut:
    return _twin(get_owned(session, AiTwin, twin_id, caller.user_id))


@router.patch("/twins/{twin_id}", response_model=TwinOut, summary="Rename or archive a twin")
def update_twin(
    twin_id: uuid.UUID, body: TwinUpdate, caller: CallerDep, session: SessionDep
) -> TwinOut:
    row = strictly_owned(session, AiTwin, twin_id, caller.user_id)
    if body.name is not None:
        row.name = body.name
    if body.status is not None:
        row.status = body.status
    session.flush()
    return _twin(row)


def _voice(row: VoiceProfile) -> VoiceProfileOut:
    return VoiceProfileOut(
        id=row.id,
        name=row.name,
        provider=str(row.provider),
        shared=row.user_id is None,
        has_cloned_voice=row.voice_id_external_encrypted is not None,
    )


@router.get("/voice-profiles", response_model=list[VoiceProfileOut], summary="Your voices")
def list_voices(caller: CallerDep, session: SessionDep) -> list[VoiceProfileOut]:
    rows = session.scalars(
        select(VoiceProfile)
        .where(or_(VoiceProfile.user_id == caller.user_id, VoiceProfile.user_id.is_(None)))
        .order_by(VoiceProfile.name)
    )
    return [_voice(r) for r in rows]


@router.get(
    "/voice-profiles/{voice_id}", response_model=VoiceProfileOut, summary="One voice profile"
)
def get_voice(voice_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> VoiceProfileOut:
    return _voice(get_owned(session, VoiceProfile, voice_id, caller.user_id))


# --- projects, calendars -----------------------------------------------------------------------


@router.get("/projects", response_model=list[ProjectOut], summary="Your projects")
def list_projects(caller: CallerDep, session: SessionDep, limit: Limit = 50) -> list[Project]:
    return _mine(session, Project, caller.user_id, limit, Project.start_date.desc())


@router.get("/projects/{project_id}", response_model=ProjectOut, summary="One project")
def get_project(project_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> Project:
    return strictly_owned(session, Project, project_id, caller.user_id)


@router.get("/campaigns", response_model=list[CampaignOut], summary="Your campaigns")
def list_campaigns(
    caller: CallerDep, session: SessionDep, project_id: uuid.UUID | None = None, limit: Limit = 50
) -> list[Campaign]:
    query = select(Campaign).where(Campaign.user_id == caller.user_id)
    if project_id is not None:
        query = query.where(Campaign.project_id == project_id)
    return list(session.scalars(query.order_by(Campaign.start_date.desc()).limit(limit)))


@router.get("/campaigns/{campaign_id}", response_model=CampaignOut, summary="One campaign")
def get_campaign(campaign_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> Campaign:
    return strictly_owned(session, Campaign, campaign_id, caller.user_id)


@router.get("/calendars", response_model=list[CalendarOut], summary="Your content calendars")
def list_calendars(
    caller: CallerDep, session: SessionDep, limit: Limit = 20
) -> list[ContentCalendar]:
    return _mine(
        session, ContentCalendar, caller.user_id, limit, ContentCalendar.period_start.desc()
    )


@router.get(
    "/calendars/{calendar_id}", response_model=CalendarDetail, summary="A calendar and its items"
)
def get_calendar(calendar_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> CalendarDetail:
    calendar = strictly_owned(session, ContentCalendar, calendar_id, caller.user_id)
    items = session.scalars(
        select(CalendarItem)
        .where(CalendarItem.calendar_id == calendar.id, CalendarItem.user_id == caller.user_id)
        .order_by(CalendarItem.planned_date)
    ).all()
    return CalendarDetail(
        **CalendarOut.model_validate(calendar).model_dump(),
        items=[CalendarItemOut.model_validate(i) for i in items],
    )


@router.patch(
    "/calendar-items/{item_id}",
    response_model=CalendarItemOut,
    summary="Change a planned item's topic, notes, date, or skip it",
)
def update_calendar_item(
    item_id: uuid.UUID, body: CalendarItemUpdate, caller: CallerDep, session: SessionDep
) -> CalendarItem:
    item = strictly_owned(session, CalendarItem, item_id, caller.user_id)
    for field in ("topic", "notes", "planned_date", "status"):
        value = getattr(body, field)
        if value is not None:
            setattr(item, field, value)
    session.flush()
    return item


# --- scripts, reels, posts ------------------------------------------------------------------


@router.get("/scripts", response_model=list[ScriptOut], summary="Your scripts, newest first")
def list_scripts(caller: CallerDep, session: SessionDep, limit: Limit = 50) -> list[Script]:
    return _mine(session, Script, caller.user_id, limit, Script.created_at.desc())


@router.get("/scripts/{script_id}", response_model=ScriptOut, summary="One script")
def get_script(script_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> Script:
    return strictly_owned(session, Script, script_id, caller.user_id)


def reel_out(reel: VideoReel) -> ReelOut:
    return ReelOut.model_validate({**reel.__dict__, "video_url": f"/v1/reels/{reel.id}/video"})


@router.get("/reels", response_model=list[ReelOut], summary="Your reels, newest first")
def list_reels(
    caller: CallerDep,
    session: SessionDep,
    approval_status: ApprovalStatus | None = None,
    limit: Limit = 50,
) -> list[ReelOut]:
    query = select(VideoReel).where(VideoReel.user_id == caller.user_id)
    if approval_status is not None:
        query = query.where(VideoReel.approval_status == approval_status)
    return [
        reel_out(r)
        for r in session.scalars(query.order_by(VideoReel.created_at.desc()).limit(limit))
    ]


@router.get("/reels/{reel_id}", response_model=ReelOut, summary="One reel")
def get_reel(reel_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> ReelOut:
    return reel_out(strictly_owned(session, VideoReel, reel_id, caller.user_id))


@router.get(
    "/reels/{reel_id}/video",
    summary="The reel's MP4 (honours Range requests, for seeking and resumable downloads)",
    response_class=FileResponse,
    responses={200: {"content": {"video/mp4": {}}}, 206: {"content": {"video/mp4": {}}}},
)
def get_reel_video(reel_id: uuid.UUID, caller: CallerDep, state: StateDep) -> FileResponse:
    # Own short session: a SessionDep would hold a pooled connection while the file streams.
    with state.runtime.session_factory() as session:
        reel = strictly_owned(session, VideoReel, reel_id, caller.user_id)
    path = state.media.path_for(reel.storage_uri)
    if not path.is_relative_to(state.media.user_dir(caller.user_id)) or not path.is_file():
        raise NotFoundError("VideoReel file", reel_id)
    return FileResponse(path, media_type="video/mp4", filename=f"reel-{reel.id}.mp4")


@router.get("/posts", response_model=list[PostOut], summary="Your posts, newest first")
def list_posts(caller: CallerDep, session: SessionDep, limit: Limit = 50) -> list[Post]:
    return _mine(session, Post, caller.user_id, limit, Post.created_at.desc())


@router.get("/posts/{post_id}", response_model=PostDetail, summary="A post and its analytics")
def get_post(post_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> PostDetail:
    post = strictly_owned(session, Post, post_id, caller.user_id)
    snapshots = session.scalars(
        select(AnalyticsSnapshot)
        .where(AnalyticsSnapshot.post_id == post.id, AnalyticsSnapshot.user_id == caller.user_id)
        .order_by(AnalyticsSnapshot.captured_at)
    ).all()
    return PostDetail(
        **PostOut.model_validate(post).model_dump(),
        analytics=[AnalyticsOut.model_validate(s) for s in snapshots],
    )


@router.get("/reports/weekly", response_model=list[WeeklyReportOut], summary="Your weekly reports")
def list_reports(caller: CallerDep, session: SessionDep, limit: Limit = 20) -> list[WeeklyReport]:
    return _mine(session, WeeklyReport, caller.user_id, limit, WeeklyReport.week_start.desc())


@router.get(
    "/reports/weekly/{report_id}", response_model=WeeklyReportOut, summary="One weekly report"
)
def get_report(report_id: uuid.UUID, caller: CallerDep, session: SessionDep) -> WeeklyReport:
    return strictly_owned(session, WeeklyReport, report_id, caller.user_id)


@router.get(
    "/strategy-updates", response_model=list[StrategyUpdateOut], summary="Your strategy updates"
)
def list_strategy_updates(
    caller: CallerDep, session: SessionDep, limit: Limit = 20
) -> list[StrategyUpdate]:
    return _mine(session, StrategyUpdate, caller.user_id, limit, StrategyUpdate.created_at.desc())
