"""A served Twinreel on a temporary data directory: SQLite, offline providers, small renders.

- ``rt``: the runtime (migrated, reference data, the demo creator "Rocco" = tenant A).
- ``client``: a TestClient on ``create_app(rt, config=ApiConfig(render_width=270))``.
- ``key_a`` / ``admin_key``: bearer keys for tenant A (creator and admin roles).
- ``tenant_b``: a second creator with one row of every resource the API serves (``World``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.commands.db import upgrade_and_seed
from api.http import ApiConfig, create_app
from api.http.keys import issue_key
from api.runtime import Runtime, open_runtime
from api.settings import Settings
from storage.analytics import AnalyticsSnapshot, Feedback, StrategyUpdate, WeeklyReport
from storage.conversations import Conversation, ConversationMessage, MessageRole
from storage.creative import AiTwin, Persona, Script, VoiceProfile
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    ConsentType,
    ContentPillar,
    EnergyLevel,
    FeedbackSubject,
    JobKind,
    JobStatus,
    MediaAssetType,
    NotificationType,
    Platform,
    RoleName,
    SentenceLength,
    StylePreset,
    Tone,
    TriggerType,
    VocabularyLevel,
    VoiceProvider,
)
from storage.identity import ConsentRecord, IntegrationKey, Notification, SocialAccount, User
from storage.media import MediaAsset, VideoReel
from storage.orchestration import AgentRun, Job
from storage.planning import CalendarItem, Campaign, ContentCalendar, Project
from storage.publishing import Post
from tools.media_store import MediaStore

PREVIEW_WIDTH = 270
B_TOKEN = "b-secret-access-token-never-shown"


@dataclass(frozen=True)
class World:
    """Tenant B's ids, by resource."""

    user_id: uuid.UUID
    key: str
    ids: dict[str, uuid.UUID]


@pytest.fixture(scope="module")
def rt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    data = tmp_path_factory.mktemp("api") / "data"
    settings = Settings(data_dir=data, _env_file=None)
    runtime = open_runtime(settings)
    upgrade_and_seed(runtime, demo_creator=True)
    yield runtime
    runtime.close()


@pytest.fixture(scope="module")
def creator(rt: Runtime) -> uuid.UUID:
    from sqlalchemy import select

    from storage.seed_data import DEMO_EMAIL

    with rt.session_factory() as session:
        return session.scalars(select(User.id).where(User.email == DEMO_EMAIL)).one()


@pytest.fixture(scope="module")
def client(rt: Runtime) -> Iterator[TestClient]:
    app = create_app(rt, config=ApiConfig(render_width=PREVIEW_WIDTH))
    with TestClient(app) as test_client:
        yield test_client


def _key(rt: Runtime, user_id: uuid.UUID, role: RoleName = RoleName.CREATOR) -> str:
    with transaction(rt.session_factory) as session:
        return issue_key(session, user_id, role, "test").secret


@pytest.fixture(scope="module")
def key_a(rt: Runtime, creator: uuid.UUID) -> str:
    return _key(rt, creator)


@pytest.fixture(scope="module")
def admin_key(rt: Runtime, creator: uuid.UUID) -> str:
    return _key(rt, creator, RoleName.ADMIN)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def build_world(rt: Runtime, email: str) -> World:
    """A creator with one row of each resource, and a real file behind the reel and the asset."""
    now = datetime.now(UTC)
    store = MediaStore(rt.settings.resolved_media_dir)
    ids: dict[str, uuid.UUID] = {}
    with transaction(rt.session_factory) as session:

        def add(name: str, row: object) -> None:
            session.add(row)
            session.flush()
            ids[name] = row.id  # type: ignore[attr-defined]

        user = User(name="Bea", email=email)
        session.add(user)
        session.flush()
        uid = user.id
        add(
            "persona",
            Persona(
                user_id=uid,
                slug="bea",
                name="Bea",
                sentence_length=SentenceLength.SHORT,
                energy_level=EnergyLevel.HIGH,
                vocabulary_level=VocabularyLevel.SIMPLE,
            ),
        )
        voice = VoiceProfile(user_id=uid, provider=VoiceProvider.ELEVENLABS, name="Bea voice")
        voice.set_voice(rt.box, "cloned-voice-id-secret", {"speed": 1.0})
        add("voice", voice)
        twin = AiTwin(
            user_id=uid,
            name="Bea Twin",
            style_preset=StylePreset.CUSTOM,
            voice_profile_id=voice.id,
            persona_id=ids["persona"],
        )
        twin.set_config(rt.box, {"face": "secret-likeness"})
        add("twin", twin)
        add("job", Job(user_id=uid, kind=JobKind.PRODUCE_REEL, status=JobStatus.AWAITING_APPROVAL))
        add(
            "run",
            AgentRun(
                user_id=uid,
                job_id=ids["job"],
                trigger_type=TriggerType.MANUAL,
                status=AgentRunStatus.INTERRUPTED,
            ),
        )
        add("script", Script(user_id=uid, title="t", body_text="b", tone=Tone.EDUCATIONAL))
        video = store.user_dir(uid) / "jobs" / "x" / "reel.mp4"
        video.parent.mkdir(parents=True, exist_ok=True)
        video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 1000)
        add(
            "reel",
            VideoReel(
                user_id=uid,
                job_id=ids["job"],
                title="B reel",
                length_sec=12.0,
                storage_uri=store.uri_for(video),
            ),
        )
        integration = IntegrationKey(user_id=uid, platform=Platform.TIKTOK, client_app_name="app")
        integration.set_tokens(rt.box, B_TOKEN, None)
        session.add(integration)
        session.flush()
        add(
            "account",
            SocialAccount(
                user_id=uid,
                integration_id=integration.id,
                platform=Platform.TIKTOK,
                handle=f"bea-{uid.hex[:6]}",
            ),
        )
        add(
            "post",
            Post(
                user_id=uid,
                reel_id=ids["reel"],
                account_id=ids["account"],
                platform=Platform.TIKTOK,
            ),
        )
        session.add(
            AnalyticsSnapshot(
                post_id=ids["post"],
                user_id=uid,
                platform=Platform.TIKTOK,
                metrics_json={"views": 9},
            )
        )
        add(
            "asset",
            MediaAsset(user_id=uid, type=MediaAssetType.RAW_PHOTO, uri=store.uri_for(video)),
        )
        add("project", Project(user_id=uid, name="p", start_date=date(2026, 1, 1)))
        add(
            "campaign",
            Campaign(project_id=ids["project"], user_id=uid, name="c", start_date=date(2026, 1, 1)),
        )
        add(
            "calendar",
            ContentCalendar(user_id=uid, period_start=now.date(), period_end=now.date()),
        )
        add(
            "calendar_item",
            CalendarItem(
                calendar_id=ids["calendar"],
                user_id=uid,
                planned_date=now,
                content_pillar=ContentPillar.EDUCATION,
            ),
        )
        add("notification", Notification(user_id=uid, type=NotificationType.RENDER_COMPLETE))
        add(
            "feedback",
            Feedback(
                user_id=uid, subject_type=FeedbackSubject.AGENT, subject_id=str(uid), rating=4
            ),
        )
        add(
            "consent",
            ConsentRecord(user_id=uid, consent_type=ConsentType.DATA_PROCESSING, granted=True),
        )
        add(
            "report",
            WeeklyReport(user_id=uid, week_start=now.date(), week_end=now.date(), insights="b"),
        )
        add(
            "strategy",
            StrategyUpdate(user_id=uid, effective_start_date=now.date()),
        )
        add("conversation", Conversation(user_id=uid, title="b"))
        session.add(
            ConversationMessage(
                conversation_id=ids["conversation"],
                user_id=uid,
                role=MessageRole.USER,
                content="b's private prompt",
            )
        )
        issued = issue_key(session, uid, RoleName.CREATOR, "b")
        ids["api_key"] = issued.id
    return World(user_id=uid, key=issued.secret, ids=ids)


@pytest.fixture(scope="module")
def tenant_b(rt: Runtime) -> World:
    return build_world(rt, f"bea-{uuid.uuid4().hex[:6]}@example.com")


@pytest.fixture
def media_root(rt: Runtime) -> Path:
    return rt.settings.resolved_media_dir
