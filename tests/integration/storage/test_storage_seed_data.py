"""Reference data and the demo creator load idempotently, with real content."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.crypto import SecretBox
from storage.database import transaction
from storage.enums import ConsentType, Platform
from storage.models import (
    AgentMemory,
    AiTwin,
    Base,
    ConsentRecord,
    EmotionCurve,
    IntegrationKey,
    Persona,
    PlatformProfile,
    ReferenceDataVersion,
    SocialAccount,
    User,
    VoiceProfile,
)
from storage.seed_data import load_demo_creator, load_reference_data


def _all_counts(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def test_reference_data_loads_twice_with_identical_counts(
    session_factory: sessionmaker[Session],
) -> None:
    box = SecretBox([SecretBox.generate_key()])
    with transaction(session_factory) as session:
        first = load_reference_data(session, box)
    counts_after_first = _all_counts(session_factory)
    with transaction(session_factory) as session:
        second = load_reference_data(session, box)
    assert _all_counts(session_factory) == counts_after_first
    assert first.created and not second.created and not second.updated
    assert first.counts == second.counts
    assert first.counts["platform_profiles"] == 8
    assert first.counts["personas"] == first.counts["ai_twins"] == 4
    assert first.counts["emotion_curves"] >= 6
    assert second.previous_version == first.version
    with session_factory() as session:
        recorded = session.scalars(select(ReferenceDataVersion)).one()
        assert (recorded.version, recorded.checksum) == (first.version, first.checksum)


def test_every_platform_has_complete_rules(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        load_reference_data(session, SecretBox([SecretBox.generate_key()]))
        profiles = {p.platform: p for p in session.scalars(select(PlatformProfile))}
    assert set(profiles) == set(Platform)
    for platform, profile in profiles.items():
        rules = profile.rules
        assert 0 < profile.ideal_length <= 30, platform
        assert 0 < profile.hook_window_seconds <= 3, platform
        assert 0 <= profile.loop_weight <= 1, platform
        assert profile.priority_metrics, platform
        assert 2.0 <= rules["ideal_words_per_second"] <= 3.2, platform
        assert rules["max_duration_sec"] >= 30 and rules["caption_max_chars"] > 0, platform
        assert rules["max_hashtags"] >= rules["recommended_hashtags"] >= 1, platform
        zone = rules["safe_zone_px"]
        assert zone["top"] + zone["bottom"] < 1920 and zone["right"] + zone["left"] < 1080
        assert "9_16" in rules["supported_aspects"], platform
    assert profiles[Platform.YOUTUBE_SHORTS].rules["title_max_chars"] == 100


def test_twin_presets_are_distinct_voices(session_factory: sessionmaker[Session]) -> None:
    box = SecretBox([SecretBox.generate_key()])
    with transaction(session_factory) as session:
        load_reference_data(session, box)
        personas = list(session.scalars(select(Persona).where(Persona.user_id.is_(None))))
        twins = list(session.scalars(select(AiTwin).where(AiTwin.user_id.is_(None))))
        assert {t.name for t in twins} == {
            "Space Twin",
            "Goddess Twin",
            "Hyperreal Twin",
            "Corporate Twin",
        }
        styles = {
            (p.sentence_length, p.energy_level, p.vocabulary_level, p.traits_json["point_of_view"])
            for p in personas
        }
        assert len(styles) == 4  # no two presets share the same voice settings
        catchphrases = [set(p.traits_json["catchphrases"]) for p in personas]
        assert all(
            a.isdisjoint(b) for i, a in enumerate(catchphrases) for b in catchphrases[i + 1 :]
        )
        for twin in twins:
            assert twin.persona_id is not None and twin.voice_profile_id is not None
            assert twin.style_json["palette"]["accent"].startswith("#")
            assert "lighting" in twin.config(box)
        voices = [session.get_one(VoiceProfile, t.voice_profile_id).settings(box) for t in twins]
        assert all(v["engine"] == "espeak-ng" and v["espeak_voice"] for v in voices)
        assert len({(v["espeak_voice"], v["rate_wpm"], v["pitch"]) for v in voices}) == 4


def test_demo_creator_is_complete_and_idempotent(session_factory: sessionmaker[Session]) -> None:
    box = SecretBox([SecretBox.generate_key()])
    with transaction(session_factory) as session:
        first = load_demo_creator(session, box)
    counts = _all_counts(session_factory)
    with transaction(session_factory) as session:
        second = load_demo_creator(session, box)
    assert second.id == first.id
    assert _all_counts(session_factory) == counts

    with session_factory() as session:
        user = session.get_one(User, first.id)
        assert user.timezone == "Europe/Rome"
        assert user.preferences_json["default_platforms"] == [
            "tiktok",
            "instagram",
            "youtube_shorts",
        ]
        assert user.preferences_json["approval_required"] is False
        twins = session.scalars(select(AiTwin).where(AiTwin.user_id == user.id)).all()
        assert len(twins) == 4 and all(t.voice_profile_id is not None for t in twins)
        consent = {
            c.consent_type: c.granted
            for c in session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id))
        }
        assert consent == {
            ConsentType.DATA_PROCESSING: True,
            ConsentType.API_PUBLISHING: True,
            ConsentType.VOICE_CLONING: False,
            ConsentType.LIKENESS_MODELING: False,
        }
        accounts = session.scalars(select(SocialAccount).where(SocialAccount.user_id == user.id))
        assert {a.platform for a in accounts} == {
            Platform.TIKTOK,
            Platform.INSTAGRAM,
            Platform.YOUTUBE_SHORTS,
        }
        keys = session.scalars(select(IntegrationKey).where(IntegrationKey.user_id == user.id))
        assert all(k.access_token(box) for k in keys)
        assert session.scalars(select(AgentMemory).where(AgentMemory.user_id == user.id)).one()
        assert (session.scalar(select(func.count()).select_from(EmotionCurve)) or 0) >= 6
