"""Hot-path queries: they return the right rows, and EXPLAIN shows each uses its index."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, Select
from sqlalchemy.orm import Session, sessionmaker

from storage import repositories as repo
from storage.database import make_engine, make_session_factory, transaction
from storage.enums import (
    ApprovalStatus,
    ContentPillar,
    JobKind,
    JobStatus,
    Platform,
    PublisherTaskStatus,
    PublishStatus,
    RenderStatus,
)
from storage.errors import NotFoundError
from storage.models import (
    AnalyticsSnapshot,
    Base,
    CalendarItem,
    ContentCalendar,
    Job,
    Post,
    PublisherTask,
    RenderJob,
    User,
    VideoReel,
)
from storage.query_plans import explain, forbid_sequential_scans

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def _user(session: Session, email: str) -> User:
    user = User(name=email.split("@", maxsplit=1)[0], email=email)
    session.add(user)
    session.flush()
    return user


def _reel(session: Session, user: User, status: ApprovalStatus, at: datetime) -> VideoReel:
    reel = VideoReel(
        user_id=user.id,
        title=f"reel {at:%H%M}",
        length_sec=20.0,
        storage_uri="media://x.mp4",
        approval_status=status,
        created_at=at,
    )
    session.add(reel)
    session.flush()
    return reel


def _post(session: Session, user: User, reel: VideoReel, **values: object) -> Post:
    post = Post(user_id=user.id, reel_id=reel.id, platform=Platform.TIKTOK, **values)
    session.add(post)
    session.flush()
    return post


def test_review_queue_lists_only_my_pending_reels_newest_first(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as session:
        me, other = _user(session, "me@example.com"), _user(session, "other@example.com")
        old = _reel(session, me, ApprovalStatus.PENDING_REVIEW, T0)
        new = _reel(session, me, ApprovalStatus.PENDING_REVIEW, T0 + timedelta(hours=1))
        _reel(session, me, ApprovalStatus.AUTO_APPROVED, T0 + timedelta(hours=2))
        _reel(session, other, ApprovalStatus.PENDING_REVIEW, T0 + timedelta(hours=3))
        queue = repo.review_queue(session, me.id)
        assert [r.id for r in queue] == [new.id, old.id]


def test_weekly_calendar_is_half_open_and_tenant_scoped(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as session:
        me, other = _user(session, "me@example.com"), _user(session, "other@example.com")
        items: dict[str, CalendarItem] = {}
        for user in (me, other):
            calendar = ContentCalendar(
                user_id=user.id, period_start=date(2026, 3, 2), period_end=date(2026, 3, 8)
            )
            session.add(calendar)
            session.flush()
            for label, when in {
                "before": T0 - timedelta(minutes=1),
                "start": T0,
                "mid": T0 + timedelta(days=3),
                "end": T0 + timedelta(days=7),
            }.items():
                item = CalendarItem(
                    calendar_id=calendar.id,
                    user_id=user.id,
                    planned_date=when,
                    content_pillar=ContentPillar.EDUCATION,
                )
                session.add(item)
                if user is me:
                    items[label] = item
        session.flush()
        week = repo.weekly_calendar(session, me.id, T0, T0 + timedelta(days=7))
        assert [i.id for i in week] == [items["start"].id, items["mid"].id]
        assert week[0].planned_date == T0 and week[0].planned_date.tzinfo is not None


def test_analytics_over_time_and_lookup_by_platform_id(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as session:
        me = _user(session, "me@example.com")
        reel = _reel(session, me, ApprovalStatus.AUTO_APPROVED, T0)
        post = _post(session, me, reel, platform_post_id="tt-123")
        for hours in (48, 1, 24):
            session.add(
                AnalyticsSnapshot(
                    post_id=post.id,
                    user_id=me.id,
                    platform=Platform.TIKTOK,
                    captured_at=T0 + timedelta(hours=hours),
                    metrics_json={"views": hours * 10},
                )
            )
        session.flush()
        series = repo.post_analytics(session, me.id, post.id)
        assert [s.metrics_json["views"] for s in series] == [10, 240, 480]
        assert repo.post_by_platform_post_id(session, Platform.TIKTOK, "tt-123") is post
        assert repo.post_by_platform_post_id(session, Platform.INSTAGRAM, "tt-123") is None
        assert repo.post_analytics(session, uuid.uuid4(), post.id) == []


def test_due_posts_and_due_publisher_tasks(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        me = _user(session, "me@example.com")
        reel = _reel(session, me, ApprovalStatus.AUTO_APPROVED, T0)
        due = _post(session, me, reel, publish_status=PublishStatus.SCHEDULED, scheduled_time=T0)
        _post(  # not yet
            session,
            me,
            reel,
            publish_status=PublishStatus.SCHEDULED,
            scheduled_time=T0 + timedelta(hours=1),
        )
        _post(session, me, reel, publish_status=PublishStatus.PUBLISHED, scheduled_time=T0)
        assert [p.id for p in repo.due_posts(session, T0)] == [due.id]
        retry = PublisherTask(
            post_id=due.id, user_id=me.id, attempt=2, next_attempt_at=T0 - timedelta(minutes=5)
        )
        later = PublisherTask(
            post_id=due.id, user_id=me.id, attempt=3, next_attempt_at=T0 + timedelta(minutes=5)
        )
        failed = PublisherTask(
            post_id=due.id,
            user_id=me.id,
            attempt=1,
            status=PublisherTaskStatus.FAILED,
            next_attempt_at=T0 - timedelta(hours=1),
        )
        session.add_all([retry, later, failed])
        session.flush()
        assert [t.id for t in repo.due_publisher_tasks(session, T0)] == [retry.id]


def test_get_owned_hides_other_tenants_rows(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        me, other = _user(session, "me@example.com"), _user(session, "other@example.com")
        reel = _reel(session, other, ApprovalStatus.PENDING_REVIEW, T0)
        assert repo.get_owned(session, VideoReel, reel.id, other.id) is reel
        with pytest.raises(NotFoundError, match=f"VideoReel {reel.id} not found"):
            repo.get_owned(session, VideoReel, reel.id, me.id)


def _queue_jobs(factory: sessionmaker[Session], count: int) -> list[uuid.UUID]:
    with transaction(factory) as session:
        jobs = [
            Job(kind=JobKind.PRODUCE_REEL, created_at=T0 + timedelta(seconds=i))
            for i in range(count)
        ]
        session.add_all(jobs)
        session.flush()
        return [j.id for j in jobs]


def test_claim_takes_oldest_first_and_never_twice(session_factory: sessionmaker[Session]) -> None:
    ids = _queue_jobs(session_factory, 3)
    with transaction(session_factory) as session:
        session.add(Job(kind=JobKind.PLAN_WEEK, created_at=T0 - timedelta(days=1)))
    with transaction(session_factory) as session:
        first = repo.claim_next_jobs(session, "w1", limit=2, kinds=[JobKind.PRODUCE_REEL])
        assert [j.id for j in first] == ids[:2]
        assert all(j.status is JobStatus.RUNNING and j.worker_id == "w1" for j in first)
        assert all(j.attempts == 1 and j.claimed_at is not None for j in first)
    with transaction(session_factory) as session:
        second = repo.claim_next_jobs(session, "w2", limit=5, kinds=[JobKind.PRODUCE_REEL])
        assert [j.id for j in second] == ids[2:]
        assert repo.claim_next_jobs(session, "w2", kinds=[JobKind.PRODUCE_REEL]) == []


def test_concurrent_workers_claim_disjoint_jobs(db_engine: Engine) -> None:
    """Four workers on their own connections drain 40 jobs; each job is claimed once."""
    url = db_engine.url.render_as_string(hide_password=False)
    ids = set(_queue_jobs(make_session_factory(db_engine), 40))
    claims: list[tuple[str, uuid.UUID]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        engine = make_engine(url)
        factory = make_session_factory(engine)
        try:
            while True:
                with transaction(factory) as session:
                    jobs = repo.claim_next_jobs(session, name, limit=3)
                    got = [(name, j.id) for j in jobs]
                if not got:
                    return
                with lock:
                    claims.extend(got)
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    claimed = [job_id for _, job_id in claims]
    assert len(claimed) == len(set(claimed)) == 40
    assert set(claimed) == ids


# --- index usage ---------------------------------------------------------------------------------

U = uuid.UUID(int=1)
HOT_PATHS: dict[str, tuple[Callable[[], Select[object]], str]] = {
    "review queue": (
        lambda: repo.review_queue_query(U),
        "ix_video_reels_user_id_approval_status_created_at",
    ),
    "job queue": (lambda: repo.queued_jobs_query(5), "ix_jobs_status_created_at"),
    "render queue": (repo.queued_render_jobs_query, "ix_render_jobs_status_created_at"),
    "weekly calendar": (
        lambda: repo.weekly_calendar_query(U, T0, T0 + timedelta(days=7)),
        "ix_calendar_items_user_id_planned_date",
    ),
    "analytics per post": (
        lambda: repo.post_analytics_query(U, uuid.UUID(int=2)),
        "ix_analytics_snapshots_post_id_captured_at",
    ),
    "post by platform id": (
        lambda: repo.post_by_platform_post_id_query(Platform.TIKTOK, "tt-1"),
        "ix_posts_platform_post_id",
    ),
    "due posts": (lambda: repo.due_posts_query(T0), "ix_posts_publish_status_scheduled_time"),
    "due publisher tasks": (
        lambda: repo.due_publisher_tasks_query(T0),
        "ix_publisher_tasks_status_next_attempt_at",
    ),
}


def _populate_for_planner(factory: sessionmaker[Session]) -> None:
    """Some rows and statistics, so the planners reason about real tables."""
    with transaction(factory) as session:
        for n in range(30):
            user = _user(session, f"u{n}@example.com")
            reel = _reel(session, user, ApprovalStatus.PENDING_REVIEW, T0 + timedelta(hours=n))
            post = _post(
                session,
                user,
                reel,
                platform_post_id=f"tt-{n}",
                publish_status=PublishStatus.SCHEDULED,
                scheduled_time=T0 + timedelta(hours=n),
            )
            session.add(
                AnalyticsSnapshot(post_id=post.id, user_id=user.id, platform=Platform.TIKTOK)
            )
            session.add(PublisherTask(post_id=post.id, user_id=user.id, next_attempt_at=T0))
            session.add(Job(kind=JobKind.PRODUCE_REEL))
            calendar = ContentCalendar(
                user_id=user.id, period_start=date(2026, 3, 2), period_end=date(2026, 3, 8)
            )
            session.add(calendar)
            session.flush()
            session.add_all(
                CalendarItem(
                    calendar_id=calendar.id,
                    user_id=user.id,
                    planned_date=T0 + timedelta(days=day),
                    content_pillar=ContentPillar.EDUCATION,
                )
                for day in range(7)
            )
            session.add(
                RenderJob(user_id=user.id, target_duration_sec=20, status=RenderStatus.QUEUED)
            )
    engine = factory.kw["bind"]
    with engine.begin() as conn:
        # only our tables: on PostgreSQL a bare ANALYZE would scan every schema in the database
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        conn.exec_driver_sql("ANALYZE" if conn.dialect.name == "sqlite" else f"ANALYZE {tables}")


def test_every_hot_path_uses_its_index(db_engine: Engine) -> None:
    _populate_for_planner(make_session_factory(db_engine))
    problems: list[str] = []
    with db_engine.connect() as conn:
        forbid_sequential_scans(conn)
        for path, (build, index) in sorted(HOT_PATHS.items()):
            plan = explain(conn, build())
            text = "\n  ".join(plan)
            if index not in text:
                problems.append(f"{path}: expected {index} in plan:\n  {text}")
            # SQLite: a "SCAN <table>" line without an index is a full table scan
            if any(line.startswith("SCAN ") and "INDEX" not in line for line in plan):
                problems.append(f"{path}: full table scan:\n  {text}")
    assert not problems, "\n".join(problems)


def test_every_seed_hot_path_index_exists() -> None:
    """Seed 000 §12, by name, plus the JSONB GIN indexes on PostgreSQL."""
    indexes = {ix.name for table in Base.metadata.tables.values() for ix in table.indexes}
    assert {
        "ix_posts_platform_post_id",
        "ix_analytics_snapshots_post_id_captured_at",
        "ix_render_jobs_status_created_at",
        "ix_calendar_items_planned_date",
        "ix_video_reels_approval_status_created_at",
        "ix_jobs_status_created_at",
        "ix_posts_publish_status_scheduled_time",
        "ix_trend_signals_metadata_json_gin",
        "ix_platform_profiles_priority_metrics_gin",
        "ix_analytics_snapshots_metrics_json_gin",
        "ix_creative_memory_metadata_gin",
    } <= indexes
