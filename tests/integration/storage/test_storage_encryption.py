"""Secrets are encrypted at rest: the raw database never holds the plaintext; keys rotate."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from storage.crypto import SecretBox
from storage.database import make_engine, make_session_factory, transaction
from storage.enums import Platform, StylePreset, VoiceProvider
from storage.key_rotation import encrypted_columns, rotate_keys
from storage.models import AiTwin, Base, IntegrationKey, User, VoiceProfile

ACCESS = "EAAGm0PX4ZCpsBAPLAINTEXTACCESS"
REFRESH = "1//0gPLAINTEXTREFRESH"
VOICE_ID = "pNInz6obpgDQGcFmaJgB-cloned"
LIKENESS = "facial-map-landmarks-468"
CONTROL = "twinreel-control-app-name"  # stored in plain text: proves the raw read works


def _write_secrets(factory: sessionmaker[Session], box: SecretBox) -> None:
    with transaction(factory) as session:
        user = User(name="Rocco", email="rocco@example.com")
        session.add(user)
        session.flush()
        key = IntegrationKey(user_id=user.id, platform=Platform.TIKTOK, client_app_name=CONTROL)
        key.set_tokens(box, ACCESS, REFRESH)
        voice = VoiceProfile(user_id=user.id, provider=VoiceProvider.ELEVENLABS, name="Rocco")
        voice.set_voice(box, VOICE_ID, {"stability": 0.4, "similarity": 0.8})
        session.add_all([key, voice])
        session.flush()
        twin = AiTwin(
            user_id=user.id,
            name="Space Twin",
            style_preset=StylePreset.SPACE,
            voice_profile_id=voice.id,
        )
        twin.set_config(box, {"facial_map": LIKENESS, "lighting": "rim"})
        session.add(twin)


def test_sqlite_file_holds_no_plaintext(tmp_path: Path) -> None:
    db = tmp_path / "secrets.db"
    engine = make_engine(f"sqlite:///{db}")
    Base.metadata.create_all(engine)
    box = SecretBox([SecretBox.generate_key()])
    _write_secrets(make_session_factory(engine), box)
    engine.dispose()  # closes the last connection, checkpointing the WAL into the file

    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("secrets.db"))
    assert CONTROL.encode() in raw
    for secret in (ACCESS, REFRESH, VOICE_ID, LIKENESS, "similarity"):
        assert secret.encode() not in raw, f"{secret!r} found in plaintext in the SQLite file"


def test_rows_hold_no_plaintext_and_accessors_decrypt(db_engine: Engine) -> None:
    factory = make_session_factory(db_engine)
    box = SecretBox([SecretBox.generate_key()])
    _write_secrets(factory, box)
    with db_engine.connect() as conn:
        for table in ("integration_keys", "voice_profiles", "ai_twins"):
            dump = " ".join(
                str(v) for row in conn.execute(text(f"SELECT * FROM {table}")) for v in row
            )
            for secret in (ACCESS, REFRESH, VOICE_ID, LIKENESS):
                assert secret not in dump, f"{secret!r} in plaintext in {table}"
    with factory() as session:
        key = session.scalars(select(IntegrationKey)).one()
        assert key.access_token(box) == ACCESS and key.refresh_token(box) == REFRESH
        voice = session.scalars(select(VoiceProfile)).one()
        assert voice.voice_id_external(box) == VOICE_ID
        assert voice.settings(box)["similarity"] == 0.8
        assert session.scalars(select(AiTwin)).one().config(box)["facial_map"] == LIKENESS


def test_rotate_keys_reencrypts_every_secret(db_engine: Engine) -> None:
    factory = make_session_factory(db_engine)
    old_key, new_key = SecretBox.generate_key(), SecretBox.generate_key()
    _write_secrets(factory, SecretBox([old_key]))

    with transaction(factory) as session:
        report = rotate_keys(session, SecretBox([new_key, old_key]))
    assert report.rotated == {
        "integration_keys.access_token_encrypted": 1,
        "integration_keys.refresh_token_encrypted": 1,
        "voice_profiles.voice_id_external_encrypted": 1,
        "voice_profiles.settings_encrypted": 1,
        "ai_twins.config_encrypted": 1,
    }
    only_new = SecretBox([new_key])  # the old key is gone: everything must still decrypt
    with factory() as session:
        assert session.scalars(select(IntegrationKey)).one().access_token(only_new) == ACCESS
        assert session.scalars(select(VoiceProfile)).one().voice_id_external(only_new) == VOICE_ID
        assert session.scalars(select(AiTwin)).one().config(only_new)["facial_map"] == LIKENESS


def test_every_encrypted_column_is_found_by_rotation() -> None:
    found = {f"{m.__tablename__}.{c}" for m, cols in encrypted_columns().items() for c in cols}
    assert found == {
        "integration_keys.access_token_encrypted",
        "integration_keys.refresh_token_encrypted",
        "voice_profiles.voice_id_external_encrypted",
        "voice_profiles.settings_encrypted",
        "ai_twins.config_encrypted",
    }
