"""Twinreel's settings, read once from the environment (``TWINREEL_*``) and ``.env``.

Only entry points call :func:`load_settings`; everything below ``api`` receives explicit values,
so tests and workers can build any configuration without touching the process environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

AGENT_ROLES = ("planner", "persona", "story", "critic", "analyst")
DEFAULT_OPENAI_MODEL = "openai:gpt-4.1-mini"
OFFLINE_MODEL = "offline:writer"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the environment variable."""


class Settings(BaseSettings):
    """All configuration of one Twinreel process."""

    model_config = SettingsConfigDict(
        env_prefix="TWINREEL_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    data_dir: Path = Field(default=Path(".twinreel"), description="Where embedded state lives.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in data_dir."
    )
    media_dir: Path | None = Field(default=None, description="Media store folder.")
    outbox_dir: Path | None = Field(default=None, description="Local publishing outbox.")
    chroma_path: Path | None = Field(default=None, description="Embedded Chroma folder.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL (HttpClient).")
    encryption_keys: SecretStr | None = Field(
        default=None,
        description=(
            "Comma-separated Fernet keys, newest first (MultiFernet rotation). Default: a key "
            "generated once into data_dir/secret.key."
        ),
    )

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    elevenlabs_api_key: SecretStr | None = None
    elevenlabs_base_url: str | None = None
    replicate_api_token: SecretStr | None = None
    replicate_base_url: str | None = None

    planner_model: str | None = None
    persona_model: str | None = None
    story_model: str | None = None
    critic_model: str | None = None
    analyst_model: str | None = None
    embedder: str = Field(default="auto", description="auto | lexical | minilm | openai:MODEL")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Publishing to the official platform APIs (keys: youtube, instagram, tiktok, linkedin,
    # threads, facebook; JSON objects in the environment, e.g. '{"youtube": "http://…"}').
    platform_base_urls: dict[str, str] = Field(
        default_factory=dict, description="API base URL per platform (default: the real API)."
    )
    platform_token_urls: dict[str, str] = Field(
        default_factory=dict, description="OAuth token/refresh URL per platform."
    )
    platform_client_ids: dict[str, str] = Field(
        default_factory=dict, description="OAuth client id (TikTok: client key) per platform."
    )
    platform_client_secrets: dict[str, SecretStr] = Field(
        default_factory=dict, description="OAuth client secret per platform."
    )
    public_media_base_url: str | None = Field(
        default=None,
        description=(
            "Public URL prefix under which the media folder is served; Instagram and Threads "
            "fetch the video from <this>/<path inside the media folder>."
        ),
    )
    trend_feeds: list[str] = Field(
        default_factory=list, description="RSS/Atom trend feed URLs (JSON list)."
    )
    trend_spike_threshold: float = Field(
        default=0.85, ge=0.0, le=1.0, description="Trend score that starts a trend_spike run."
    )
    scheduler_interval_sec: float = Field(default=60.0, gt=0)
    production_lead_hours: float = Field(
        default=24.0, gt=0, description="Produce a calendar item this long before it is due."
    )

    @field_validator(
        "planner_model", "persona_model", "story_model", "critic_model", "analyst_model"
    )
    @classmethod
    def _model_is_provider_colon_name(cls, value: str | None) -> str | None:
        if value is None:
            return None
        provider, sep, name = value.partition(":")
        if not sep or not provider or not name:
            raise ValueError(
                f"expected 'provider:model' (e.g. {DEFAULT_OPENAI_MODEL!r}), got {value!r}"
            )
        if provider not in {"openai", "offline"}:
            raise ValueError(f"unknown provider {provider!r}; valid: openai, offline")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_has_scheme(cls, value: str | None) -> str | None:
        if value is not None and "://" not in value:
            raise ValueError(
                f"expected a URL like sqlite:///path.db or postgresql://…, got {value!r}"
            )
        return value

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'twinreel.db').resolve()}"

    @property
    def resolved_media_dir(self) -> Path:
        return self.media_dir or self.data_dir / "media"

    @property
    def resolved_outbox_dir(self) -> Path:
        return self.outbox_dir or self.data_dir / "outbox"

    @property
    def resolved_chroma_path(self) -> Path:
        return self.chroma_path or self.data_dir / "chroma"

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / "checkpoints.sqlite"

    def model_for(self, role: str) -> str:
        """``provider:model`` for an agent role: explicit, else OpenAI with a key, else offline."""
        if role not in AGENT_ROLES:
            raise SettingsError(f"unknown agent role {role!r}; valid: {', '.join(AGENT_ROLES)}")
        explicit: str | None = getattr(self, f"{role}_model")
        if explicit:
            return explicit
        return DEFAULT_OPENAI_MODEL if self.openai_api_key else OFFLINE_MODEL

    def fernet_keys(self) -> list[bytes]:
        """The encryption keys, creating the default key file on first use."""
        if self.encryption_keys is not None:
            raw = [k.strip() for k in self.encryption_keys.get_secret_value().split(",")]
            keys = [k.encode() for k in raw if k]
        else:
            keys = [_default_key(self.data_dir / "secret.key")]
        from cryptography.fernet import Fernet

        for index, key in enumerate(keys):
            try:
                Fernet(key)
            except ValueError as exc:
                raise SettingsError(
                    f"TWINREEL_ENCRYPTION_KEYS: key #{index + 1} is not a valid Fernet key "
                    "(32 url-safe base64-encoded bytes; make one with "
                    "`python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'`)"
                ) from exc
        if not keys:
            raise SettingsError("TWINREEL_ENCRYPTION_KEYS is set but holds no key")
        return keys


def _default_key(path: Path) -> bytes:
    from cryptography.fernet import Fernet

    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    path.write_bytes(key)
    path.chmod(0o600)
    return key


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, turning validation errors into one clear message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            problems.append(f"TWINREEL_{field.upper()}: {error['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None
