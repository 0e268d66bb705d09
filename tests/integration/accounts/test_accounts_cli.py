"""`twinreel accounts connect|list|disconnect`: tokens stored encrypted and never printed."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from typer.testing import Result

from api.runtime import Runtime
from storage.enums import IntegrationStatus
from storage.identity import IntegrationKey, SocialAccount

ACCESS = "ya29.SECRET-access-token-123"
REFRESH = "1//SECRET-refresh-token-456"


def accounts(rt: Runtime, creator: uuid.UUID, platform: str) -> list[SocialAccount]:
    with rt.session_factory() as session:
        return list(
            session.scalars(
                select(SocialAccount).where(
                    SocialAccount.user_id == creator, SocialAccount.platform == platform
                )
            )
        )


def test_connect_stores_tokens_encrypted_and_never_prints_them(
    rt: Runtime, creator: uuid.UUID, cli: Callable[..., Result]
) -> None:
    result = cli(
        "connect",
        "youtube_shorts",
        "--handle",
        "@rocco",
        "--access-token",
        ACCESS,
        "--refresh-token",
        REFRESH,
        "--expires-in",
        "3600",
        "--scope",
        "youtube.upload",
    )
    assert result.exit_code == 0, result.output
    assert "connected youtube_shorts @rocco" in result.output
    assert ACCESS not in result.output and REFRESH not in result.output

    connected = [a for a in accounts(rt, creator, "youtube_shorts") if a.is_connected]
    assert [a.handle for a in connected] == ["rocco"]  # the outbox placeholder was retired
    with rt.session_factory() as session:
        key = session.get_one(IntegrationKey, connected[0].integration_id)
        assert ACCESS not in key.access_token_encrypted
        assert key.refresh_token_encrypted is not None
        assert REFRESH not in key.refresh_token_encrypted
        assert key.access_token(rt.box) == ACCESS and key.refresh_token(rt.box) == REFRESH
        assert key.status == IntegrationStatus.CONNECTED
        assert key.token_expires_at is not None and key.scopes == ["youtube.upload"]

    listing = cli("list")
    assert listing.exit_code == 0, listing.output
    assert "@rocco" in listing.output and "api" in listing.output
    assert ACCESS not in listing.output and REFRESH not in listing.output

    again = cli("connect", "youtube_shorts", "--handle", "rocco", "--access-token", "NEW-TOKEN")
    assert again.exit_code == 0, again.output
    with rt.session_factory() as session:
        keys = session.scalars(
            select(IntegrationKey).where(IntegrationKey.client_app_name == "twinreel-youtube")
        ).all()
        assert len(keys) == 1 and keys[0].access_token(rt.box) == "NEW-TOKEN"
        assert keys[0].refresh_token_encrypted is None and keys[0].token_expires_at is None


def test_bad_options_are_named(cli: Callable[..., Result]) -> None:
    missing_id = cli("connect", "instagram", "--handle", "rocco", "--access-token", "t")
    assert missing_id.exit_code == 2 and "--account-id" in missing_id.output
    unknown = cli("connect", "myspace", "--handle", "rocco", "--access-token", "t")
    assert unknown.exit_code == 2 and "unknown platform 'myspace'" in unknown.output
    no_token = cli("connect", "tiktok", "--handle", "rocco")
    assert no_token.exit_code == 2 and "--access-token" in no_token.output


def test_manual_platforms_need_no_token_and_disconnect_deletes_tokens(
    rt: Runtime, creator: uuid.UUID, cli: Callable[..., Result]
) -> None:
    assert cli("connect", "fanbase", "--handle", "rocco").exit_code == 0
    assert [a.is_connected for a in accounts(rt, creator, "fanbase")] == [True]

    assert (
        cli(
            "connect",
            "linkedin",
            "--handle",
            "rocco",
            "--access-token",
            ACCESS,
            "--account-id",
            "urn:li:person:abc",
        ).exit_code
        == 0
    )
    result = cli("disconnect", "linkedin", "--handle", "rocco")
    assert result.exit_code == 0, result.output
    (account,) = accounts(rt, creator, "linkedin")
    assert not account.is_connected and account.integration_id is None
    with rt.session_factory() as session:
        assert (
            session.scalars(
                select(IntegrationKey).where(IntegrationKey.platform == "linkedin")
            ).all()
            == []
        )
    missing = cli("disconnect", "linkedin", "--handle", "nobody")
    assert missing.exit_code == 2 and "@nobody" in missing.output
