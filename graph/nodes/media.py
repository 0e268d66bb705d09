"""Media node: the accepted story becomes a rendered reel, with every media record written.

The render job row exists (and shows progress) while ffmpeg runs; everything else — audio
track, images, video, assets, reel, notification — commits in one transaction with the step's
journal event once the MP4 is on disk. A render error fails the render job with the cause in
``error_json`` and leaves no reel behind.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from langgraph.runtime import Runtime
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from graph.audit import log_event, set_agent_state
from graph.context import MediaSettings, RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run, platform_facts
from graph.state import Attempt, ProductionState, ReelOutcome
from storage.creative import AiTwin, StoryScene, VoiceProfile
from storage.database import transaction
from storage.enums import (
    AgentState,
    ApprovalStatus,
    CalendarItemStatus,
    EventSubject,
    EventType,
    MediaAssetType,
    NotificationType,
    OrchestratorEventType,
    RenderStatus,
)
from storage.identity import ConsentRecord, Notification, User
from storage.media import AudioTrack, Image, MediaAsset, RenderJob, Video, VideoReel
from storage.planning import CalendarItem
from tools.media.errors import RenderError
from tools.media.narration import VoiceProvider
from tools.media.render import render_reel
from tools.media.spec import (
    ConsentGrants,
    ReelSpec,
    RenderResult,
    SafeZone,
    SceneSpec,
    VisualStyle,
    VoiceSpec,
)
from tools.media.visuals import VisualProvider
from tools.media_store import MediaStore

STEP = "media"
PROGRESS_EVERY_SEC = 0.5


def media_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    chosen = _chosen(state)
    with ctx.session_factory() as session:
        done = completed_step(session, job_id, STEP, ReelOutcome)
        if done is not None:
            return _update(session, user_id, done)
        spec, twin_id, voice_profile_id, consent = _reel_spec(ctx, session, state, chosen)
    store = MediaStore(ctx.media.media_dir)
    render_id = _open_render_job(ctx, state, chosen, spec, twin_id, voice_profile_id)
    ctx.progress({"step": "media", "status": "started", "render_id": str(render_id)})
    voice, visuals = media_providers(ctx.media)
    try:
        result = render_reel(
            spec,
            voice=voice,
            visuals=visuals,
            work_dir=store.job_dir(user_id, job_id) / f"attempt-{chosen.number}",
            cache_dir=store.render_cache_dir(user_id),
            consent=consent,
            progress=_progress_writer(ctx, render_id),
        )
    except RenderError as exc:
        _fail_render_job(ctx, state, render_id, exc)
        raise

    with transaction(ctx.session_factory) as session:
        outcome = _record_render(session, ctx, store, state, chosen, render_id, spec, result)
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step=STEP,
            event_type=OrchestratorEventType.MEDIA_RENDERED,
            output=outcome,
            summary={"render_sec": result.timings.total_sec},
        )
        update_ = _update(session, user_id, outcome)
    ctx.progress(
        {
            "step": "media",
            "status": "done",
            "video": outcome.video_path,
            "duration_sec": outcome.duration_sec,
            "render_sec": result.timings.total_sec,
        }
    )
    return update_


def media_providers(settings: MediaSettings) -> tuple[VoiceProvider, VisualProvider]:
    """The configured voice and visual providers (offline unless keys are set)."""
    from tools.media.visuals_cards import CardVisuals
    from tools.media.voice_espeak import EspeakVoice

    voice: VoiceProvider = EspeakVoice()
    visuals: VisualProvider = CardVisuals()
    if settings.voice_provider == "elevenlabs" and settings.elevenlabs_api_key:
        from tools.media.voice_elevenlabs import ElevenLabsVoice

        voice = ElevenLabsVoice(
            api_key=settings.elevenlabs_api_key, base_url=settings.elevenlabs_base_url
        )
    if settings.visual_provider == "replicate" and settings.replicate_api_token:
        from tools.media.visuals_replicate import ReplicateVisuals

        visuals = ReplicateVisuals(
            api_token=settings.replicate_api_token, base_url=settings.replicate_base_url
        )
    return voice, visuals


def _chosen(state: ProductionState) -> Attempt:
    number = state.get("chosen_attempt")
    return next(a for a in state["attempts"] if a.number == number)


def _reel_spec(
    ctx: RunContext, session: Session, state: ProductionState, chosen: Attempt
) -> tuple[ReelSpec, uuid.UUID | None, uuid.UUID | None, ConsentGrants]:
    user_id = uuid.UUID(state["user_id"])
    pick = state["persona"]
    twin = session.get(AiTwin, uuid.UUID(pick.ai_twin_id)) if pick.ai_twin_id else None
    voice_row = (
        session.get(VoiceProfile, uuid.UUID(pick.voice_profile_id))
        if pick.voice_profile_id
        else None
    )
    voice = _voice_spec(ctx.media, voice_row, ctx)
    rules = platform_facts(session, user_id, state["plan"].platform)
    safe_zone = SafeZone(**rules["safe_zone_px"]) if "safe_zone_px" in rules else SafeZone()
    spec = ReelSpec(
        scenes=[
            SceneSpec(
                purpose=scene.purpose,
                narration=scene.narration,
                on_screen_text=scene.on_screen_text,
                visual_prompt=scene.visual_prompt,
            )
            for scene in chosen.story.scenes
        ],
        voice=voice,
        style=twin_visual_style(twin),
        aspect=state["request"].aspect,
        safe_zone=safe_zone,
        width_override=ctx.media.width_override,
    )
    return (
        spec,
        twin.id if twin else None,
        voice_row.id if voice_row else None,
        ConsentGrants(granted=frozenset(granted_consents(session, user_id))),
    )


def twin_visual_style(twin: AiTwin | None) -> VisualStyle:
    """The renderer's style from the twin's palette (defaults when there is no twin)."""
    if twin is None:
        return VisualStyle()
    palette = twin.style_json.get("palette", {})
    defaults = VisualStyle()
    return VisualStyle(
        style_preset=str(twin.style_preset),
        background_colours=palette.get("background", defaults.background_colours),
        accent_colour=palette.get("accent", defaults.accent_colour),
        text_colour=palette.get("text", defaults.text_colour),
        uses_likeness=bool(twin.style_json.get("uses_likeness", False)),
    )


def _voice_spec(settings: MediaSettings, row: VoiceProfile | None, ctx: RunContext) -> VoiceSpec:
    voice_settings = row.settings(ctx.box) if row else {}
    external = row.voice_id_external(ctx.box) if row else None
    if settings.voice_provider == "elevenlabs" and settings.elevenlabs_api_key and external:
        return VoiceSpec(
            provider="elevenlabs",
            voice_id=external,
            settings={k: v for k, v in voice_settings.items() if not k.startswith("espeak")},
            is_cloned=bool(voice_settings.get("cloned", False)),
        )
    return VoiceSpec(
        provider="espeak",
        voice_id=str(voice_settings.get("espeak_voice", "en-us")),
        settings={
            key: voice_settings[key] for key in ("rate_wpm", "pitch") if key in voice_settings
        },
    )


def granted_consents(session: Session, user_id: uuid.UUID) -> set[str]:
    """Consent types whose latest record is a grant (a later refusal revokes)."""
    latest: dict[str, bool] = {}
    for record in session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == user_id)
        .order_by(ConsentRecord.granted_at)
    ):
        latest[str(record.consent_type)] = record.granted
    return {kind for kind, granted in latest.items() if granted}


def _open_render_job(
    ctx: RunContext,
    state: ProductionState,
    chosen: Attempt,
    spec: ReelSpec,
    twin_id: uuid.UUID | None,
    voice_profile_id: uuid.UUID | None,
) -> uuid.UUID:
    """The render job row, created once per (job, attempt) even if the node runs again."""
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    render_id = uuid.uuid5(job_id, f"render:{chosen.number}")
    with transaction(ctx.session_factory) as session:
        row = session.get(RenderJob, render_id)
        if row is None:
            session.add(
                RenderJob(
                    id=render_id,
                    user_id=user_id,
                    job_id=job_id,
                    ai_twin_id=twin_id,
                    script_id=uuid.UUID(chosen.script_id),
                    tts_voice_profile_id=voice_profile_id,
                    target_aspect=spec.aspect,
                    target_duration_sec=state["plan"].target_duration_sec,
                    status=RenderStatus.PROCESSING,
                    progress_pct=0.0,
                )
            )
            run = load_run(session, state["run_id"])
            log_event(
                session,
                run,
                EventType.RENDER_STARTED,
                EventSubject.RENDER,
                render_id,
                f"Rendering attempt {chosen.number}",
            )
        else:
            row.status, row.progress_pct, row.error_json = RenderStatus.PROCESSING, 0.0, None
    return render_id


def _progress_writer(ctx: RunContext, render_id: uuid.UUID) -> Callable[[float], None]:
    """Progress to the render job row (throttled) and to the run's progress stream."""
    last = [0.0]

    def write(pct: float) -> None:
        now = time.monotonic()
        if pct < 100.0 and now - last[0] < PROGRESS_EVERY_SEC:
            return
        last[0] = now
        with transaction(ctx.session_factory) as session:
            session.execute(
                update(RenderJob).where(RenderJob.id == render_id).values(progress_pct=pct)
            )
        ctx.progress({"step": "media", "status": "progress", "pct": pct})

    return write


def _fail_render_job(
    ctx: RunContext, state: ProductionState, render_id: uuid.UUID, exc: RenderError
) -> None:
    with transaction(ctx.session_factory) as session:
        session.execute(
            update(RenderJob)
            .where(RenderJob.id == render_id)
            .values(status=RenderStatus.FAILED, error_json=exc.to_error_json())
        )
        run = load_run(session, state["run_id"])
        log_event(session, run, EventType.RENDER_FAILED, EventSubject.RENDER, render_id, str(exc))


def _record_render(
    session: Session,
    ctx: RunContext,
    store: MediaStore,
    state: ProductionState,
    chosen: Attempt,
    render_id: uuid.UUID,
    spec: ReelSpec,
    result: RenderResult,
) -> ReelOutcome:
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    run = load_run(session, state["run_id"])
    resolution = f"{result.width}x{result.height}"
    audio_asset = MediaAsset(
        user_id=user_id,
        type=MediaAssetType.AUDIO,
        uri=store.uri_for(result.narration.audio_path),
        duration_ms=round(result.narration.duration_sec * 1000),
        metadata_json={
            "provider": result.narration.provider,
            "sample_rate": result.narration.sample_rate,
            "words": len(result.narration.words),
        },
    )
    video_asset = MediaAsset(
        user_id=user_id,
        type=MediaAssetType.RAW_VIDEO,
        uri=store.uri_for(result.video_path),
        duration_ms=round(result.duration_sec * 1000),
        resolution=resolution,
        metadata_json={
            "sha256": result.video_sha256,
            "size_bytes": result.size_bytes,
            "fps": result.fps,
            "has_audio": result.has_audio,
            "ffmpeg": result.ffmpeg_command,
            "timings": result.timings.model_dump(),
        },
    )
    thumbnail = MediaAsset(
        user_id=user_id,
        type=MediaAssetType.THUMBNAIL,
        uri=store.uri_for(result.thumbnail_path),
        resolution=None,
        metadata_json={"picked_from": "hook"},
    )
    captions = MediaAsset(
        user_id=user_id,
        type=MediaAssetType.CAPTION_FILE,
        uri=store.uri_for(result.captions_path),
        metadata_json={"format": "ass"},
    )
    session.add_all([audio_asset, video_asset, thumbnail, captions])
    session.flush()
    session.add(
        AudioTrack(
            user_id=user_id,
            script_id=uuid.UUID(chosen.script_id),
            asset_id=audio_asset.id,
            voice_profile_id=_maybe_uuid(state["persona"].voice_profile_id),
            storage_url=audio_asset.uri,
            voice_id=result.narration.voice_id[:50],
            duration_sec=result.narration.duration_sec,
        )
    )
    scenes = session.scalars(
        select(StoryScene)
        .where(StoryScene.story_id == uuid.UUID(chosen.story_id))
        .order_by(StoryScene.position)
    ).all()
    for scene_row, visual in zip(scenes, result.visuals, strict=False):
        session.add(
            Image(
                user_id=user_id,
                scene_id=scene_row.id,
                storage_url=store.uri_for(visual.path),
                style=visual.style[:50],
            )
        )
    session.add(
        Video(
            user_id=user_id,
            job_id=job_id,
            asset_id=video_asset.id,
            storage_url=video_asset.uri,
            duration=result.duration_sec,
            resolution=resolution,
        )
    )
    render = session.get_one(RenderJob, render_id)
    render.status, render.progress_pct = RenderStatus.SUCCEEDED, 100.0
    render.output_asset_id = video_asset.id
    render.input_assets = [str(audio_asset.id)]
    user = session.get_one(User, user_id)
    needs_approval = bool(user.preferences_json.get("approval_required", False))
    story = chosen.story
    reel = VideoReel(
        user_id=user_id,
        render_id=render_id,
        story_id=uuid.UUID(chosen.story_id),
        job_id=job_id,
        title=story.title,
        caption_text=story.caption,
        hashtags=story.hashtags,
        length_sec=result.duration_sec,
        aspect_ratio=spec.aspect,
        quality_score=chosen.report.total_score if chosen.report else None,
        storage_uri=video_asset.uri,
        thumbnail_asset_id=thumbnail.id,
        approval_status=(
            ApprovalStatus.PENDING_REVIEW if needs_approval else ApprovalStatus.AUTO_APPROVED
        ),
    )
    session.add(reel)
    session.flush()
    session.add(
        Notification(
            user_id=user_id,
            type=NotificationType.RENDER_COMPLETE,
            payload_json={"deeplink": f"twinreel://reels/{reel.id}", "reel_id": str(reel.id)},
        )
    )
    session.execute(
        update(CalendarItem)
        .where(CalendarItem.job_id == job_id)
        .values(status=CalendarItemStatus.RENDER_READY, script_id=uuid.UUID(chosen.script_id))
    )
    set_agent_state(session, run.agent_id, AgentState.CREATING)
    log_event(
        session,
        run,
        EventType.RENDER_SUCCEEDED,
        EventSubject.REEL,
        reel.id,
        f"Rendered {result.duration_sec:.1f}s {resolution} in {result.timings.total_sec:.1f}s",
    )
    return ReelOutcome(
        reel_id=str(reel.id),
        render_job_id=str(render_id),
        video_path=str(result.video_path),
        thumbnail_path=str(result.thumbnail_path),
        duration_sec=result.duration_sec,
        aspect=spec.aspect,
        caption=story.caption,
        hashtags=story.hashtags,
    )


def _update(session: Session, user_id: uuid.UUID, outcome: ReelOutcome) -> dict[str, Any]:
    """The state update; approval is decided now unless the creator reviews reels first."""
    update_: dict[str, Any] = {"reel": outcome}
    if not session.get_one(User, user_id).preferences_json.get("approval_required", False):
        update_["approval"] = "auto_approved"
    return update_


def _maybe_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None
