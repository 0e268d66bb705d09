"""``twinreel accounts …``: connect, list and disconnect the creator's platform accounts.

Tokens go straight into ``IntegrationKey`` encrypted under the configured keys and are never
printed. Connecting a real account on a platform retires the demo's local-outbox placeholder
account on that platform, so the publisher uses the real one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents.publisher import is_outbox
from api.commands.common import console, creator_id, fail, runtime
from api.publishers import registry_platform
from storage.crypto import SecretBox
from storage.database import transaction
from storage.enums import IntegrationStatus, Platform
from storage.identity import IntegrationKey, SocialAccount
from tools.platforms.export_package import MANUAL_PLATFORMS
from tools.platforms.registry import ACCOUNT_ID_MEANING

accounts_app = typer.Typer(help="Connect the creator's platform accounts.", no_args_is_help=True)

PLATFORM_NAMES = [p.value for p in Platform]
APP_NAME_PREFIX = "twinreel-"


class AccountError(ValueError):
    """The account cannot be connected as asked; the message names the bad option."""


def connect_account(
    session: Session,
    box: SecretBox,
    *,
    user_id: uuid.UUID,
    platform: str,
    handle: str,
    access_token: str | None,
    refresh_token: str | None = None,
    expires_in: int | None = None,
    account_id: str | None = None,
    scopes: list[str] | None = None,
    now: datetime | None = None,
) -> SocialAccount:
    """Store the account and its tokens (encrypted); connecting the same handle again updates it.

    The caller owns the transaction.
    """
    if platform not in PLATFORM_NAMES:
        raise AccountError(f"PLATFORM: unknown platform {platform!r}; valid: {PLATFORM_NAMES}")
    handle = handle.strip().lstrip("@")
    if not handle:
        raise AccountError("--handle: must not be empty")
    client = registry_platform(platform)
    manual = client in MANUAL_PLATFORMS
    if not manual and not access_token:
        raise AccountError(f"--access-token: {platform} publishes through its API and needs one")
    if client in ACCOUNT_ID_MEANING and not account_id:
        raise AccountError(f"--account-id: {platform} needs {ACCOUNT_ID_MEANING[client]}")
    if expires_in is not None and expires_in <= 0:
        raise AccountError(f"--expires-in: must be positive seconds, got {expires_in}")

    account = session.scalars(
        select(SocialAccount).where(
            SocialAccount.platform == platform, SocialAccount.handle == handle
        )
    ).first()
    if account is not None and account.user_id != user_id:
        raise AccountError(f"--handle: @{handle} on {platform} belongs to another creator")

    integration = (
        session.get(IntegrationKey, account.integration_id)
        if account is not None and account.integration_id
        else None
    )
    if integration is None or is_outbox(integration):
        integration = IntegrationKey(
            user_id=user_id, platform=platform, client_app_name=APP_NAME_PREFIX + client
        )
        session.add(integration)
    integration.set_tokens(box, access_token or "", refresh_token)
    now = now or datetime.now(UTC)
    integration.token_expires_at = now + timedelta(seconds=expires_in) if expires_in else None
    integration.scopes = list(scopes or [])
    integration.status = IntegrationStatus.CONNECTED
    session.flush()

    if account is None:
        account = SocialAccount(user_id=user_id, platform=platform, handle=handle)
        session.add(account)
    account.integration_id = integration.id
    account.account_external_id = account_id
    account.is_connected = True
    account.last_synced_at = now
    session.flush()
    _retire_outbox_placeholders(session, user_id, platform, keep=account.id)
    return account


def _retire_outbox_placeholders(
    session: Session, user_id: uuid.UUID, platform: str, keep: uuid.UUID
) -> None:
    others = session.scalars(
        select(SocialAccount).where(
            SocialAccount.user_id == user_id,
            SocialAccount.platform == platform,
            SocialAccount.id != keep,
            SocialAccount.is_connected.is_(True),
        )
    ).all()
    for other in others:
        integration = (
            session.get(IntegrationKey, other.integration_id) if other.integration_id else None
        )
        if is_outbox(integration):
            other.is_connected = False


def disconnect_account(
    session: Session, *, user_id: uuid.UUID, platform: str, handle: str
) -> SocialAccount:
    """Mark the account disconnected and delete its stored tokens."""
    handle = handle.strip().lstrip("@")
    account = session.scalars(
        select(SocialAccount).where(
            SocialAccount.user_id == user_id,
            SocialAccount.platform == platform,
            SocialAccount.handle == handle,
        )
    ).first()
    if account is None:
        raise AccountError(f"--handle: no {platform} account @{handle} for this creator")
    integration = (
        session.get(IntegrationKey, account.integration_id) if account.integration_id else None
    )
    account.is_connected = False
    account.integration_id = None
    if integration is not None and not is_outbox(integration):
        session.delete(integration)
    session.flush()
    return account


UserOpt = Annotated[str | None, typer.Option("--user", help="The creator's email.")]


@accounts_app.command("connect")
def connect(
    platform: Annotated[str, typer.Argument(help=f"One of: {', '.join(PLATFORM_NAMES)}")],
    handle: Annotated[str, typer.Option("--handle", help="The account's handle.")],
    access_token: Annotated[
        str | None,
        typer.Option(
            "--access-token",
            envvar="TWINREEL_CONNECT_ACCESS_TOKEN",
            help="OAuth access token (or env TWINREEL_CONNECT_ACCESS_TOKEN); stored encrypted.",
        ),
    ] = None,
    refresh_token: Annotated[
        str | None,
        typer.Option(
            "--refresh-token",
            envvar="TWINREEL_CONNECT_REFRESH_TOKEN",
            help="OAuth refresh token, when the platform issues one; stored encrypted.",
        ),
    ] = None,
    expires_in: Annotated[
        int | None, typer.Option("--expires-in", help="Seconds until the access token expires.")
    ] = None,
    account_id: Annotated[
        str | None,
        typer.Option(
            "--account-id",
            help="Instagram/Threads user id, Facebook Page id, or LinkedIn author URN.",
        ),
    ] = None,
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help="A granted scope (repeat).")
    ] = None,
    user: UserOpt = None,
) -> None:
    """Connect an account: its tokens are stored encrypted and never printed."""
    with runtime() as rt:
        uid = creator_id(rt, user)
        try:
            with transaction(rt.session_factory) as session:
                account = connect_account(
                    session,
                    rt.box,
                    user_id=uid,
                    platform=platform,
                    handle=handle,
                    access_token=access_token,
                    refresh_token=refresh_token,
                    expires_in=expires_in,
                    account_id=account_id,
                    scopes=scope,
                )
                label = f"{account.platform} @{account.handle}"
        except AccountError as exc:
            raise fail(str(exc)) from None
        console.print(f"connected {label} (tokens stored encrypted)")


@accounts_app.command("list")
def list_accounts(user: UserOpt = None) -> None:
    """The creator's accounts, their connection and token status (never the tokens)."""
    with runtime() as rt:
        uid = creator_id(rt, user)
        with rt.session_factory() as session:
            rows = session.execute(
                select(SocialAccount, IntegrationKey)
                .join(
                    IntegrationKey, IntegrationKey.id == SocialAccount.integration_id, isouter=True
                )
                .where(SocialAccount.user_id == uid)
                .order_by(SocialAccount.platform, SocialAccount.handle)
            ).all()
            table = Table(
                "platform", "handle", "account id", "connected", "via", "token", "expires"
            )
            for account, integration in rows:
                via = "outbox" if is_outbox(integration) else "api"
                if registry_platform(str(account.platform)) in MANUAL_PLATFORMS:
                    via = "export package"
                table.add_row(
                    str(account.platform),
                    "@" + account.handle,
                    account.account_external_id or "",
                    "yes" if account.is_connected else "no",
                    via,
                    str(integration.status) if integration else "",
                    integration.token_expires_at.isoformat()
                    if integration and integration.token_expires_at
                    else "",
                )
        console.print(table)


@accounts_app.command("disconnect")
def disconnect(
    platform: Annotated[str, typer.Argument(help="The account's platform.")],
    handle: Annotated[str, typer.Option("--handle", help="The account's handle.")],
    user: UserOpt = None,
) -> None:
    """Stop publishing to an account and delete its stored tokens."""
    with runtime() as rt:
        uid = creator_id(rt, user)
        try:
            with transaction(rt.session_factory) as session:
                disconnect_account(session, user_id=uid, platform=platform, handle=handle)
        except AccountError as exc:
            raise fail(str(exc)) from None
        console.print(f"disconnected {platform} @{handle.lstrip('@')}")
