"""A scheduled post goes out through the real YouTube client against the fake platform server,
at its time, refreshing an expired token first; a revoked grant marks the integration."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta

import pytest
from sqlalchemy import select

from agents.planner import PlanningRequest
from api.commands.accounts import connect_account
from api.runtime import Runtime
from graph.runs import start_run
from graph.scheduler import Scheduler
from storage.database import transaction
from storage.enums import IntegrationStatus, NotificationType, PublishStatus
from storage.identity import IntegrationKey, Notification, SocialAccount
from storage.publishing import Post, PublisherTask
from tests.fakes.platform_server import FakePlatformServer
from tests.integration.scheduler.conftest import Clock
from tools.platforms.polling import PollPolicy

NO_WAIT = PollPolicy(max_polls=5, first_delay_sec=0.0, sleep=lambda _s: None)


@pytest.fixture
def scheduler(
    make_scheduler: Callable[..., AbstractContextManager[Scheduler]],
) -> Iterator[Scheduler]:
    with make_scheduler(poll=NO_WAIT) as sched:
        yield sched


def connect_youtube(
    rt: Runtime, creator: uuid.UUID, fake: FakePlatformServer, clock: Clock, **tokens: object
) -> uuid.UUID:
    with transaction(rt.session_factory) as session:
        account = connect_account(
            session,
            rt.box,
            user_id=creator,
            platform="youtube_shorts",
            handle="rocco_on_youtube",
            access_token=fake.access_token("youtube"),
            now=clock.now,
            **tokens,  # type: ignore[arg-type]
        )
        assert account.integration_id is not None
        return account.integration_id


def schedule_youtube_reel(scheduler: Scheduler, creator: uuid.UUID, clock: Clock) -> Post:
    request = PlanningRequest(
        prompt="a 12s YouTube Short about passkeys",
        platform="youtube_shorts",
        duration_sec=12,
        publish_at=clock.now + timedelta(hours=2),
    )
    outcome = start_run(scheduler.ctx, scheduler.checkpointer, creator, request)
    assert outcome.status == "completed", outcome.error
    with scheduler.ctx.session_factory() as session:
        post = session.scalars(
            select(Post).where(Post.user_id == creator, Post.platform == "youtube_shorts")
        ).one()
        assert post.publish_status == PublishStatus.SCHEDULED
        return post


def reload(rt: Runtime, model: type, ident: uuid.UUID) -> object:
    with rt.session_factory() as session:
        return session.get_one(model, ident)


def test_scheduled_post_goes_out_at_its_time_after_refreshing_the_expired_token(
    rt: Runtime, creator: uuid.UUID, fake: FakePlatformServer, clock: Clock, scheduler: Scheduler
) -> None:
    integration_id = connect_youtube(
        rt, creator, fake, clock, refresh_token=fake.refresh_token("youtube"), expires_in=3600
    )
    post = schedule_youtube_reel(scheduler, creator, clock)
    first_token = fake.access_token("youtube")

    clock.advance(timedelta(hours=1))
    scheduler.tick()
    assert fake.posts_for("youtube") == []  # not before its time
    assert fake.refresh_calls["youtube"] == 0

    clock.advance(timedelta(hours=1))
    scheduler.tick()
    published = fake.posts_for("youtube")
    assert len(published) == 1
    done = reload(rt, Post, post.id)
    assert isinstance(done, Post)
    assert done.publish_status == PublishStatus.PUBLISHED
    assert done.platform_post_id == published[0].post_id
    assert done.published_at == clock.now

    # The token had expired (connected 2 h ago, valid 1 h): refreshed once, before uploading,
    # and the new token is stored encrypted.
    assert fake.refresh_calls["youtube"] == 1
    integration = reload(rt, IntegrationKey, integration_id)
    assert isinstance(integration, IntegrationKey)
    new_token = fake.access_token("youtube")
    assert new_token != first_token
    assert integration.access_token(rt.box) == new_token
    assert new_token not in integration.access_token_encrypted
    assert integration.token_expires_at == clock.now + timedelta(seconds=3599)
    assert integration.status == IntegrationStatus.CONNECTED

    clock.advance(timedelta(hours=3))
    scheduler.tick()
    assert len(fake.posts_for("youtube")) == 1  # published exactly once


def test_a_token_rejected_mid_flight_is_refreshed_and_the_upload_continues(
    rt: Runtime, creator: uuid.UUID, fake: FakePlatformServer, clock: Clock, scheduler: Scheduler
) -> None:
    connect_youtube(rt, creator, fake, clock, refresh_token=fake.refresh_token("youtube"))
    post = schedule_youtube_reel(scheduler, creator, clock)
    fake.expire_token("youtube")  # no expiry was stored: the platform's 401 is the first sign

    clock.advance(timedelta(hours=2))
    scheduler.tick()
    done = reload(rt, Post, post.id)
    assert isinstance(done, Post) and done.publish_status == PublishStatus.PUBLISHED
    assert fake.refresh_calls["youtube"] == 1
    assert len(fake.posts_for("youtube")) == 1


def test_a_revoked_grant_marks_the_integration_and_tells_the_creator(
    rt: Runtime, creator: uuid.UUID, fake: FakePlatformServer, clock: Clock, scheduler: Scheduler
) -> None:
    integration_id = connect_youtube(
        rt, creator, fake, clock, refresh_token=fake.refresh_token("youtube")
    )
    post = schedule_youtube_reel(scheduler, creator, clock)
    fake.revoke("youtube")

    clock.advance(timedelta(hours=2))
    scheduler.tick()
    assert fake.posts_for("youtube") == []
    done = reload(rt, Post, post.id)
    assert isinstance(done, Post)
    assert done.publish_status == PublishStatus.FAILED  # permanent: no retry is scheduled
    assert done.error_json is not None and done.error_json["type"] == "TokenRevokedError"
    integration = reload(rt, IntegrationKey, integration_id)
    assert isinstance(integration, IntegrationKey)
    assert integration.status == IntegrationStatus.REVOKED
    with rt.session_factory() as session:
        payloads = [
            n.payload_json
            for n in session.scalars(
                select(Notification).where(
                    Notification.user_id == creator,
                    Notification.type == NotificationType.PUBLISH_FAILED,
                )
            )
        ]
        tasks = session.scalars(select(PublisherTask).where(PublisherTask.post_id == post.id)).all()
    assert any(p.get("reason") == "integration_revoked" for p in payloads)
    assert any(p.get("deeplink") == f"twinreel://posts/{post.id}" for p in payloads)
    assert len(tasks) == 1

    clock.advance(timedelta(hours=6))
    scheduler.tick()
    assert fake.refresh_calls["youtube"] == 1  # nobody keeps hammering a revoked grant


def test_connecting_a_real_account_retires_the_outbox_placeholder(
    rt: Runtime, creator: uuid.UUID, fake: FakePlatformServer, clock: Clock
) -> None:
    connect_youtube(rt, creator, fake, clock)
    with rt.session_factory() as session:
        youtube = session.scalars(
            select(SocialAccount).where(
                SocialAccount.user_id == creator, SocialAccount.platform == "youtube_shorts"
            )
        ).all()
    connected = [a.handle for a in youtube if a.is_connected]
    assert connected == ["rocco_on_youtube"] and len(youtube) == 2


def test_a_platform_outage_is_retried_when_its_backoff_has_passed(
    rt: Runtime, creator: uuid.UUID, fake: FakePlatformServer, clock: Clock, scheduler: Scheduler
) -> None:
    connect_youtube(rt, creator, fake, clock)
    post = schedule_youtube_reel(scheduler, creator, clock)
    fake.inject("POST", "/upload/youtube/v3/videos", status=503)

    clock.advance(timedelta(hours=2))
    scheduler.tick()
    failed_once = reload(rt, Post, post.id)
    assert isinstance(failed_once, Post)
    assert failed_once.publish_status == PublishStatus.SCHEDULED  # retryable: backed off
    assert failed_once.scheduled_time is not None and failed_once.scheduled_time > clock.now
    retry_at = failed_once.scheduled_time

    clock.now = retry_at - timedelta(seconds=1)
    scheduler.tick()
    assert fake.posts_for("youtube") == []  # not before the backoff has passed

    clock.now = retry_at
    scheduler.tick()
    done = reload(rt, Post, post.id)
    assert isinstance(done, Post) and done.publish_status == PublishStatus.PUBLISHED
    assert len(fake.posts_for("youtube")) == 1
    with rt.session_factory() as session:
        tasks = session.scalars(
            select(PublisherTask)
            .where(PublisherTask.post_id == post.id)
            .order_by(PublisherTask.attempt)
        ).all()
    assert [t.status for t in tasks] == ["failed", "succeeded"]
