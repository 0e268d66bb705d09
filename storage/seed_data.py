"""Bundled reference data (platform rules, audiences, emotion curves, twin presets, roles) and
the demo creator, loaded idempotently.

Every row is upserted by its natural key (platform, audience_key, curve name, persona slug,
twin/voice name, role name), so loading twice changes nothing and loading a newer bundle updates
rows in place; the bundle's version and checksum are recorded in ``reference_data_versions``.
Where the numbers come from is written down in docs/reference-data.md.

The twin presets carry likeness and voice configuration, which is only ever stored encrypted,
so loading needs the :class:`~storage.crypto.SecretBox`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from storage.base import Base
from storage.crypto import SecretBox
from storage.enums import (
    ConsentType,
    EnergyLevel,
    IntegrationStatus,
    Platform,
    RoleName,
    SentenceLength,
    StylePreset,
    VisualEnergy,
    VocabularyLevel,
    VoiceProvider,
)
from storage.models import (
    Agent,
    AgentMemory,
    AiTwin,
    AudienceProfile,
    Campaign,
    ConsentRecord,
    EmotionCurve,
    IntegrationKey,
    Persona,
    PlatformProfile,
    Project,
    ReferenceDataVersion,
    Role,
    SocialAccount,
    User,
    UserRole,
    VoiceProfile,
)

REFERENCE_PACKAGE = "storage.reference"
REFERENCE_SET = "reference"

DEMO_EMAIL = "rocco@example.com"
DEMO_HANDLE = "rocco.twin"
DEMO_PLATFORMS = (Platform.TIKTOK, Platform.INSTAGRAM, Platform.YOUTUBE_SHORTS)
OUTBOX_APP = "twinreel-local-outbox"
OUTBOX_PLACEHOLDER_TOKEN = "local-outbox-no-real-token"  # the outbox publisher needs none

ModelT = TypeVar("ModelT", bound=Base)


@dataclass
class SeedReport:
    """What a load did: rows created/updated/unchanged per kind, and the totals present."""

    version: str
    checksum: str
    previous_version: str | None = None
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _read(name: str) -> Any:
    return json.loads(resources.files(REFERENCE_PACKAGE).joinpath(name).read_text("utf-8"))


def _bundle() -> tuple[dict[str, Any], dict[str, Any], str]:
    """The manifest, every file's parsed content, and a checksum over the raw files."""
    manifest = _read("manifest.json")
    digest = hashlib.sha256()
    files: dict[str, Any] = {}
    for name in manifest["files"]:
        raw = resources.files(REFERENCE_PACKAGE).joinpath(name).read_bytes()
        digest.update(name.encode() + b"\0" + raw)
        files[name] = json.loads(raw)
    return manifest, files, digest.hexdigest()


def _find(session: Session, model: type[ModelT], *criteria: ColumnElement[bool]) -> ModelT | None:
    return session.scalars(select(model).where(*criteria)).one_or_none()


def _apply(row: Base, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``row``; True when anything actually changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _upsert(
    session: Session,
    report: SeedReport,
    kind: str,
    existing: ModelT | None,
    make: type[ModelT],
    values: dict[str, Any],
) -> ModelT:
    if existing is None:
        row = make(**values)
        session.add(row)
        session.flush()
        bucket = report.created
    else:
        row = existing
        bucket = report.updated if _apply(existing, values) else report.unchanged
    bucket[kind] = bucket.get(kind, 0) + 1
    return row


def _set_encrypted(box: SecretBox, current: str | None, plaintext: str) -> str:
    """Keep the stored ciphertext when it already decrypts to ``plaintext`` (idempotence:
    Fernet tokens differ on every encryption, so re-encrypting would look like a change)."""
    if current is not None and box.decrypt(current) == plaintext:
        return current
    return box.encrypt(plaintext)


def _canonical(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _load_presets(
    session: Session, box: SecretBox, report: SeedReport, presets: list[dict[str, Any]]
) -> None:
    for preset in presets:
        spec = preset["persona"]
        persona = _upsert(
            session,
            report,
            "personas",
            _find(session, Persona, Persona.user_id.is_(None), Persona.slug == spec["slug"]),
            Persona,
            {
                "user_id": None,
                "slug": spec["slug"],
                "name": spec["name"],
                "sentence_length": SentenceLength(spec["sentence_length"]),
                "energy_level": EnergyLevel(spec["energy_level"]),
                "vocabulary_level": VocabularyLevel(spec["vocabulary_level"]),
                "voice_profile": spec["voice_profile"],
                "traits_json": spec["traits_json"],
            },
        )
        voice_spec = preset["voice"]
        voice_row = _find(
            session,
            VoiceProfile,
            VoiceProfile.user_id.is_(None),
            VoiceProfile.name == voice_spec["name"],
        )
        voice = _upsert(
            session,
            report,
            "voice_profiles",
            voice_row,
            VoiceProfile,
            {
                "user_id": None,
                "name": voice_spec["name"],
                "provider": VoiceProvider(voice_spec["provider"]),
                "voice_id_external_encrypted": _set_encrypted(
                    box,
                    voice_row.voice_id_external_encrypted if voice_row else None,
                    voice_spec["voice_id_external"],
                ),
                "settings_encrypted": _set_encrypted(
                    box,
                    voice_row.settings_encrypted if voice_row else None,
                    _canonical(voice_spec["settings"]),
                ),
            },
        )
        twin_spec = preset["twin"]
        twin_row = _find(
            session, AiTwin, AiTwin.user_id.is_(None), AiTwin.name == twin_spec["name"]
        )
        _upsert(
            session,
            report,
            "ai_twins",
            twin_row,
            AiTwin,
            {
                "user_id": None,
                "name": twin_spec["name"],
                "style_preset": StylePreset(twin_spec["style_preset"]),
                "persona_id": persona.id,
                "voice_profile_id": voice.id,
                "style_json": twin_spec["style_json"],
                "config_encrypted": _set_encrypted(
                    box,
                    twin_row.config_encrypted if twin_row else None,
                    _canonical(twin_spec["likeness_config"]),
                ),
            },
        )


def load_reference_data(session: Session, box: SecretBox) -> SeedReport:
    """Upsert the bundled reference data; safe to run any number of times.

    Loads: platform profiles for all 8 platforms, audience profiles, the emotion-curve library,
    the four twin presets (persona + voice + twin, shared: ``user_id`` NULL) and the roles.
    The caller owns the transaction.
    """
    manifest, files, checksum = _bundle()
    version_row = _find(session, ReferenceDataVersion, ReferenceDataVersion.name == REFERENCE_SET)
    report = SeedReport(
        version=manifest["version"],
        checksum=checksum,
        previous_version=version_row.version if version_row else None,
    )
    for spec in files["platform_profiles.json"]:
        platform = Platform(spec["platform"])
        _upsert(
            session,
            report,
            "platform_profiles",
            _find(
                session,
                PlatformProfile,
                PlatformProfile.user_id.is_(None),
                PlatformProfile.platform == platform,
            ),
            PlatformProfile,
            {**spec, "platform": platform, "user_id": None},
        )
    for spec in files["audience_profiles.json"]:
        _upsert(
            session,
            report,
            "audience_profiles",
            _find(
                session,
                AudienceProfile,
                AudienceProfile.user_id.is_(None),
                AudienceProfile.audience_key == spec["audience_key"],
            ),
            AudienceProfile,
            {**spec, "visual_energy": VisualEnergy(spec["visual_energy"]), "user_id": None},
        )
    for spec in files["emotion_curves.json"]:
        platform_hint = Platform(spec["platform"]) if spec["platform"] else None
        _upsert(
            session,
            report,
            "emotion_curves",
            _find(
                session,
                EmotionCurve,
                EmotionCurve.user_id.is_(None),
                EmotionCurve.name == spec["name"],
            ),
            EmotionCurve,
            {**spec, "platform": platform_hint, "user_id": None},
        )
    for spec in files["roles.json"]:
        name = RoleName(spec["name"])
        _upsert(
            session,
            report,
            "roles",
            _find(session, Role, Role.name == name),
            Role,
            {"name": name, "permissions_json": spec["permissions_json"]},
        )
    _load_presets(session, box, report, files["twin_presets.json"])

    if version_row is None:
        session.add(
            ReferenceDataVersion(name=REFERENCE_SET, version=report.version, checksum=checksum)
        )
    elif (version_row.version, version_row.checksum) != (report.version, checksum):
        version_row.version, version_row.checksum = report.version, checksum
    session.flush()
    report.counts = reference_counts(session)
    return report


SHARED_MODELS: dict[str, type[Base]] = {
    "platform_profiles": PlatformProfile,
    "audience_profiles": AudienceProfile,
    "emotion_curves": EmotionCurve,
    "personas": Persona,
    "voice_profiles": VoiceProfile,
    "ai_twins": AiTwin,
}


def _user_id(model: type[Base]) -> ColumnElement[Any]:
    return cast("ColumnElement[Any]", model.__table__.c["user_id"])


def reference_counts(session: Session) -> dict[str, int]:
    """How many shared (``user_id`` NULL) rows of each reference kind exist, plus roles."""
    counts: dict[str, int] = {}
    for kind, model in SHARED_MODELS.items():
        query = select(func.count()).select_from(model).where(_user_id(model).is_(None))
        counts[kind] = session.scalar(query) or 0
    counts["roles"] = session.scalar(select(func.count()).select_from(Role)) or 0
    return counts


# --- the demo creator ---------------------------------------------------------------------------


def _user_row(session: Session, model: type[ModelT], user: User, *criteria: Any) -> ModelT | None:
    return session.scalars(select(model).where(_user_id(model) == user.id, *criteria)).one_or_none()


def _ensure(session: Session, existing: ModelT | None, make: ModelT) -> ModelT:
    if existing is not None:
        return existing
    session.add(make)
    session.flush()
    return make


def _demo_twins(session: Session, box: SecretBox, user: User) -> None:
    presets = session.scalars(
        select(AiTwin).where(AiTwin.user_id.is_(None)).order_by(AiTwin.name)
    ).all()
    for preset in presets:
        preset_voice = session.get(VoiceProfile, preset.voice_profile_id)
        voice: VoiceProfile | None = None
        if preset_voice is not None:
            voice = _user_row(session, VoiceProfile, user, VoiceProfile.name == preset_voice.name)
            if voice is None:
                voice = VoiceProfile(
                    user_id=user.id, name=preset_voice.name, provider=preset_voice.provider
                )
                voice.set_voice(
                    box, preset_voice.voice_id_external(box), preset_voice.settings(box)
                )
                session.add(voice)
                session.flush()
        if _user_row(session, AiTwin, user, AiTwin.name == preset.name) is None:
            twin = AiTwin(
                user_id=user.id,
                name=preset.name,
                style_preset=preset.style_preset,
                persona_id=preset.persona_id,
                voice_profile_id=voice.id if voice else None,
                style_json=dict(preset.style_json),
                avatar_assets_folder=f"media://{user.id}/twins/{preset.style_preset.value}/",
            )
            twin.set_config(box, preset.config(box))
            session.add(twin)
    session.flush()


def _demo_accounts(session: Session, box: SecretBox, user: User) -> None:
    for platform in DEMO_PLATFORMS:
        key = _user_row(
            session,
            IntegrationKey,
            user,
            IntegrationKey.platform == platform,
            IntegrationKey.client_app_name == OUTBOX_APP,
        )
        if key is None:
            key = IntegrationKey(
                user_id=user.id,
                platform=platform,
                client_app_name=OUTBOX_APP,
                scopes=["outbox.write"],
                status=IntegrationStatus.CONNECTED,
            )
            key.set_tokens(box, OUTBOX_PLACEHOLDER_TOKEN, None)
            session.add(key)
            session.flush()
        _ensure(
            session,
            _user_row(session, SocialAccount, user, SocialAccount.platform == platform),
            SocialAccount(
                user_id=user.id,
                integration_id=key.id,
                platform=platform,
                handle=DEMO_HANDLE,
                account_external_id=f"outbox:{platform.value}:{DEMO_HANDLE}",
                is_connected=True,
            ),
        )


def load_demo_creator(session: Session, box: SecretBox) -> User:
    """The demo creator "Rocco" with everything a first run needs; idempotent.

    Ensures the reference data first, then: the user (Europe/Rome, default platforms TikTok,
    Instagram, YouTube Shorts, no approval needed), copies of the four twin presets with their
    voices, the agent and its memory descriptor, a project and campaign, consent records
    (data processing and API publishing granted; voice cloning and likeness modelling not) and a
    local-outbox account per default platform. The caller owns the transaction.
    """
    load_reference_data(session, box)
    agent_spec = _read("default_agent.json")
    user = _find(session, User, User.email == DEMO_EMAIL)
    if user is None:
        user = User(
            name="Rocco",
            email=DEMO_EMAIL,
            role=RoleName.CREATOR,
            timezone="Europe/Rome",
            preferences_json={
                "ui_theme": "dark",
                "notif_prefs": {"email": False, "push": True},
                "default_platforms": [p.value for p in DEMO_PLATFORMS],
                "approval_required": False,
                "auto_publish": True,
                "default_twin": "Space Twin",
                "retry_limit": 2,
                "stop_at_retry_limit": False,
                "niche": "consumer tech explained simply",
            },
        )
        session.add(user)
        session.flush()

    creator_role = _find(session, Role, Role.name == RoleName.CREATOR)
    if creator_role is not None:
        _ensure(
            session,
            _user_row(session, UserRole, user, UserRole.role_id == creator_role.id),
            UserRole(user_id=user.id, role_id=creator_role.id),
        )

    _demo_twins(session, box, user)

    agent = _ensure(
        session,
        _user_row(session, Agent, user, Agent.name == agent_spec["name"]),
        Agent(
            user_id=user.id,
            name=agent_spec["name"],
            capabilities_json=agent_spec["capabilities_json"],
        ),
    )
    memory_spec = agent_spec["memory"]
    _ensure(
        session,
        _find(session, AgentMemory, AgentMemory.agent_id == agent.id),
        AgentMemory(
            agent_id=agent.id,
            user_id=user.id,
            vector_db_uri=memory_spec["vector_db_uri"],
            index_stats_json=memory_spec["index_stats_json"],
            retention_policy_json=memory_spec["retention_policy_json"],
        ),
    )

    project = _ensure(
        session,
        _user_row(session, Project, user, Project.name == "Rocco builds in public"),
        Project(
            user_id=user.id,
            name="Rocco builds in public",
            description="Short, useful reels about AI tools and online security for creators.",
            objectives_json={
                "kpis": {"weekly_views": 50_000, "followers_delta": 500},
                "audience_segment": "creators_latam",
                "tone": "educational",
            },
            start_date=date(2026, 1, 5),
        ),
    )
    _ensure(
        session,
        _user_row(session, Campaign, user, Campaign.name == "Passkeys & creator security"),
        Campaign(
            project_id=project.id,
            user_id=user.id,
            name="Passkeys & creator security",
            description="Four weeks of reels on keeping creator accounts safe.",
            target_platforms=[p.value for p in DEMO_PLATFORMS],
            start_date=date(2026, 1, 5),
            end_date=date(2026, 2, 2),
        ),
    )

    granted = {ConsentType.DATA_PROCESSING, ConsentType.API_PUBLISHING}
    for consent_type in ConsentType:
        _ensure(
            session,
            _user_row(session, ConsentRecord, user, ConsentRecord.consent_type == consent_type),
            ConsentRecord(
                user_id=user.id,
                consent_type=consent_type,
                granted=consent_type in granted,
                granted_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                details="demo creator defaults",
            ),
        )

    _demo_accounts(session, box, user)
    session.flush()
    return user
