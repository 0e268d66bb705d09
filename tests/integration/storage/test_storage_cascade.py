"""Deleting a user deletes every row they own, in every table, and nobody else's."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage.api_keys import ApiKey
from storage.conversations import Conversation, ConversationMessage, MessageRole
from storage.crypto import SecretBox
from storage.database import make_session_factory, transaction
from storage.enums import (
    ConsentType,
    ContentPillar,
    DeviceType,
    EnergyLevel,
    ErrorScope,
    EventSubject,
    EventType,
    FeedbackSubject,
    JobKind,
    MediaAssetType,
    MemoryType,
    NotificationType,
    OrchestratorEventType,
    Platform,
    RoleName,
    ScenePurpose,
    SentenceLength,
    StylePreset,
    Tone,
    TriggerType,
    Verdict,
    VisualEnergy,
    VocabularyLevel,
    VoiceProvider,
)
from storage.models import (
    Agent,
    AgentMemory,
    AgentRun,
    AiTwin,
    AnalyticsSnapshot,
    AppSession,
    AudienceProfile,
    AudioTrack,
    Base,
    CalendarItem,
    Campaign,
    ConsentRecord,
    ContentCalendar,
    CreativeMemory,
    CriticFeedback,
    CriticScore,
    EmotionCurve,
    EmotionCurveRun,
    ErrorLog,
    EventLog,
    ExecutionPlan,
    Feedback,
    Image,
    IntegrationKey,
    Job,
    MediaAsset,
    MemoryUsage,
    Notification,
    OrchestratorEvent,
    Persona,
    PersonaUsage,
    PlatformProfile,
    Post,
    Project,
    PublisherTask,
    RenderJob,
    Role,
    Script,
    SocialAccount,
    Story,
    StoryScene,
    StrategyRun,
    StrategyUpdate,
    User,
    UserRole,
    Video,
    VideoReel,
    VoiceProfile,
    WeeklyReport,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RowT = TypeVar("RowT", bound=Base)


def build_world(session: Session, box: SecretBox, email: str, role: Role) -> uuid.UUID:
    """One row in every per-user table for a new user; returns the user's id."""
    user = User(name=email, email=email)
    session.add(user)
    session.flush()
    uid = user.id

    def add(row: RowT) -> RowT:
        session.add(row)
        session.flush()
        return row

    add(UserRole(user_id=uid, role_id=role.id))
    agent = add(Agent(user_id=uid))
    add(AgentMemory(agent_id=agent.id, user_id=uid, vector_db_uri="chroma://embedded"))
    key = IntegrationKey(user_id=uid, platform=Platform.TIKTOK, client_app_name="app")
    key.set_tokens(box, "access", "refresh")
    add(key)
    account = add(
        SocialAccount(
            user_id=uid, integration_id=key.id, platform=Platform.TIKTOK, handle=f"h-{uid}"
        )
    )
    add(ConsentRecord(user_id=uid, consent_type=ConsentType.DATA_PROCESSING, granted=True))
    add(AppSession(user_id=uid, device_type=DeviceType.WEB))
    add(Notification(user_id=uid, type=NotificationType.RENDER_COMPLETE))

    project = add(Project(user_id=uid, name="p", start_date=date(2026, 1, 1)))
    campaign = add(
        Campaign(project_id=project.id, user_id=uid, name="c", start_date=date(2026, 1, 1))
    )
    calendar = add(
        ContentCalendar(
            user_id=uid, project_id=project.id, period_start=NOW.date(), period_end=NOW.date()
        )
    )
    add(
        PlatformProfile(
            user_id=uid,
            platform=Platform.TIKTOK,
            ideal_length=20,
            hook_window_seconds=1.5,
            loop_weight=0.5,
        )
    )
    add(
        AudienceProfile(
            user_id=uid, audience_key="mine", attention_span=2.0, visual_energy=VisualEnergy.LOW
        )
    )
    curve = add(EmotionCurve(user_id=uid, name="mine"))
    persona = add(
        Persona(
            user_id=uid,
            slug="mine",
            name="Mine",
            sentence_length=SentenceLength.SHORT,
            energy_level=EnergyLevel.HIGH,
            vocabulary_level=VocabularyLevel.SIMPLE,
        )
    )
    voice = VoiceProfile(user_id=uid, provider=VoiceProvider.OTHER, name="v")
    voice.set_voice(box, "en-us", {"rate_wpm": 170})
    add(voice)
    twin = AiTwin(
        user_id=uid,
        name="Twin",
        style_preset=StylePreset.SPACE,
        voice_profile_id=voice.id,
        persona_id=persona.id,
    )
    twin.set_config(box, {"lighting": "rim"})
    add(twin)

    job = add(Job(user_id=uid, kind=JobKind.PRODUCE_REEL))
    add(StrategyRun(user_id=uid, job_id=job.id, platform=Platform.TIKTOK))
    add(ExecutionPlan(user_id=uid, job_id=job.id, persona_id=persona.id, hook_type="question"))
    add(OrchestratorEvent(user_id=uid, job_id=job.id, event_type=OrchestratorEventType.ACCEPTED))
    add(EmotionCurveRun(user_id=uid, job_id=job.id, emotion_curve_id=curve.id))
    add(PersonaUsage(user_id=uid, persona_id=persona.id, job_id=job.id))
    story = add(Story(user_id=uid, job_id=job.id, persona_id=persona.id, total_duration=20.0))
    scene = add(
        StoryScene(
            story_id=story.id,
            user_id=uid,
            position=0,
            start_sec=0,
            end_sec=3,
            purpose=ScenePurpose.HOOK,
            narration_text="Hook.",
        )
    )
    script = add(
        Script(
            user_id=uid,
            campaign_id=campaign.id,
            story_id=story.id,
            title="t",
            body_text="Hook.",
            tone=Tone.EDUCATIONAL,
        )
    )
    add(
        CalendarItem(
            calendar_id=calendar.id,
            user_id=uid,
            campaign_id=campaign.id,
            planned_date=NOW,
            content_pillar=ContentPillar.EDUCATION,
            ai_twin_id=twin.id,
            script_id=script.id,
            job_id=job.id,
        )
    )
    score = add(
        CriticScore(
            user_id=uid,
            job_id=job.id,
            story_id=story.id,
            platform=Platform.TIKTOK,
            total_score=0.8,
            hook_score=0.8,
            pacing_score=0.8,
            loop_score=0.8,
            verdict=Verdict.ACCEPT,
        )
    )
    add(CriticFeedback(critic_score_id=score.id, user_id=uid, feedback={"notes": []}))

    asset = add(MediaAsset(user_id=uid, type=MediaAssetType.RENDERED_VIDEO, uri="media://a"))
    add(Image(user_id=uid, scene_id=scene.id, asset_id=asset.id, storage_url="media://i"))
    add(
        Video(
            user_id=uid,
            job_id=job.id,
            asset_id=asset.id,
            storage_url="media://v",
            duration=20.0,
            resolution="1080x1920",
        )
    )
    add(AudioTrack(user_id=uid, script_id=script.id, asset_id=asset.id, storage_url="media://w"))
    render = add(
        RenderJob(
            user_id=uid,
            job_id=job.id,
            ai_twin_id=twin.id,
            script_id=script.id,
            tts_voice_profile_id=voice.id,
            target_duration_sec=20,
            output_asset_id=asset.id,
        )
    )
    reel = add(
        VideoReel(
            user_id=uid,
            render_id=render.id,
            story_id=story.id,
            job_id=job.id,
            title="r",
            length_sec=20.0,
            storage_uri="media://r",
            thumbnail_asset_id=asset.id,
        )
    )
    post = add(Post(user_id=uid, reel_id=reel.id, account_id=account.id, platform=Platform.TIKTOK))
    add(PublisherTask(post_id=post.id, user_id=uid))
    add(AnalyticsSnapshot(post_id=post.id, user_id=uid, platform=Platform.TIKTOK))
    report = add(WeeklyReport(user_id=uid, week_start=NOW.date(), week_end=NOW.date()))
    add(StrategyUpdate(user_id=uid, source_report_id=report.id, effective_start_date=NOW.date()))
    add(Feedback(user_id=uid, subject_type=FeedbackSubject.REEL, subject_id=str(reel.id), rating=5))

    memory = add(
        CreativeMemory(
            user_id=uid,
            type=MemoryType.HOOK,
            persona_id=persona.id,
            ai_twin_id=twin.id,
            text="What if your password was the problem?",
        )
    )
    add(MemoryUsage(user_id=uid, memory_id=memory.id, job_id=job.id))
    run = add(
        AgentRun(agent_id=agent.id, user_id=uid, job_id=job.id, trigger_type=TriggerType.MANUAL)
    )
    add(
        EventLog(
            user_id=uid,
            agent_id=agent.id,
            run_id=run.id,
            event_type=EventType.PLAN_CREATED,
            subject_type=EventSubject.CALENDAR,
            message="planned",
        )
    )
    add(
        ErrorLog(
            user_id=uid,
            run_id=run.id,
            job_id=job.id,
            scope=ErrorScope.MEDIA,
            message="ffmpeg exited 1",
        )
    )
    add(ApiKey(user_id=uid, prefix=f"tr_{uid.hex[:6]}", key_hash=uid.hex * 2))
    conversation = add(Conversation(user_id=uid, title="a reel about passkeys"))
    add(
        ConversationMessage(
            conversation_id=conversation.id,
            user_id=uid,
            role=MessageRole.USER,
            content="a 20 s TikTok about passkeys",
            job_id=job.id,
        )
    )
    return uid


def _owned_counts(session: Session, user_id: uuid.UUID) -> dict[str, int]:
    return {
        table.name: session.scalar(
            select(func.count()).select_from(table).where(table.c.user_id == user_id)
        )
        or 0
        for table in Base.metadata.sorted_tables
        if "user_id" in table.c
    }


def test_deleting_a_user_removes_all_their_rows_and_only_theirs(db_engine: Engine) -> None:
    factory = make_session_factory(db_engine)
    box = SecretBox([SecretBox.generate_key()])
    with transaction(factory) as session:
        role = Role(name=RoleName.CREATOR)
        session.add(role)
        session.flush()
        doomed = build_world(session, box, "doomed@example.com", role)
        kept = build_world(session, box, "kept@example.com", role)

    with factory() as session:
        before = _owned_counts(session, doomed)
        kept_before = _owned_counts(session, kept)
    empty = sorted(t for t, n in before.items() if n == 0 and t != "users")
    assert not empty, f"the world builder misses tables: {empty}"

    with transaction(factory) as session:
        session.delete(session.get_one(User, doomed))

    with factory() as session:
        after = _owned_counts(session, doomed)
        assert session.get(User, doomed) is None
        assert {t: n for t, n in after.items() if n} == {}
        assert _owned_counts(session, kept) == kept_before
        assert session.scalar(select(func.count()).select_from(Role)) == 1  # shared rows stay
