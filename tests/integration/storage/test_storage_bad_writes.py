"""Bad writes raise a domain error naming the field and leave nothing half-written."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.database import transaction
from storage.enums import Platform
from storage.errors import ConflictError, InvalidValueError, MissingReferenceError
from storage.models import Agent, AiTwin, Feedback, SocialAccount, User


def _count(factory: sessionmaker[Session], model: type[object]) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _user(factory: sessionmaker[Session], email: str = "rocco@example.com") -> uuid.UUID:
    with transaction(factory) as session:
        user = User(name="Rocco", email=email)
        session.add(user)
        session.flush()
        return user.id


def test_duplicate_email_is_a_conflict_naming_field_and_value(
    session_factory: sessionmaker[Session],
) -> None:
    _user(session_factory)
    with pytest.raises(ConflictError) as caught, transaction(session_factory) as session:
        session.add(User(name="Other", email="rocco@example.com"))
    assert caught.value.table == "users"
    assert caught.value.fields == ("email",)
    assert "email='rocco@example.com' already exists" in str(caught.value)
    assert _count(session_factory, User) == 1


def test_duplicate_handle_on_same_platform_conflicts_but_other_platform_is_fine(
    session_factory: sessionmaker[Session],
) -> None:
    owner = _user(session_factory)
    with transaction(session_factory) as session:
        session.add(SocialAccount(user_id=owner, platform=Platform.TIKTOK, handle="rocco"))
        session.add(SocialAccount(user_id=owner, platform=Platform.INSTAGRAM, handle="rocco"))
    with pytest.raises(ConflictError) as caught, transaction(session_factory) as session:
        session.add(SocialAccount(user_id=owner, platform=Platform.TIKTOK, handle="rocco"))
    assert caught.value.fields == ("platform", "handle")
    assert "handle='rocco'" in str(caught.value)
    assert _count(session_factory, SocialAccount) == 2


def test_unknown_enum_value_names_field_and_valid_values(
    session_factory: sessionmaker[Session],
) -> None:
    owner = _user(session_factory)
    with pytest.raises(InvalidValueError) as caught, transaction(session_factory) as session:
        session.add(SocialAccount(user_id=owner, platform="myspace", handle="rocco"))
    error = caught.value
    assert error.field == "social_accounts.platform"
    assert error.value == "myspace"
    assert "tiktok" in error.valid and "youtube_shorts" in error.valid
    assert "valid values: instagram, facebook" in str(error)


def test_missing_owner_names_the_reference_and_rolls_back_the_whole_unit(
    session_factory: sessionmaker[Session],
) -> None:
    ghost = uuid.uuid4()
    with pytest.raises(MissingReferenceError) as caught, transaction(session_factory) as session:
        session.add(User(name="Half", email="half@example.com"))
        session.flush()
        session.add(Agent(user_id=ghost))
    assert caught.value.field == "agents.user_id"
    assert caught.value.target == "users"
    assert str(ghost) in str(caught.value)
    # the user written earlier in the same transaction is gone too
    assert _count(session_factory, User) == 0
    assert _count(session_factory, Agent) == 0


def test_absent_owner_is_reported_as_required(session_factory: sessionmaker[Session]) -> None:
    expected = pytest.raises(MissingReferenceError, match=r"agents.user_id is required")
    with expected, transaction(session_factory) as session:
        session.add(Agent(name="orphan"))


def test_check_constraint_names_column_and_value(session_factory: sessionmaker[Session]) -> None:
    owner = _user(session_factory)
    with pytest.raises(InvalidValueError) as caught, transaction(session_factory) as session:
        session.add(Feedback(user_id=owner, subject_type="post", subject_id="x", rating=9))
    assert caught.value.field == "feedback.rating"
    assert caught.value.value == 9


def test_bad_twin_preset_leaves_no_user_behind(session_factory: sessionmaker[Session]) -> None:
    expected = pytest.raises(InvalidValueError, match="style_preset")
    with expected, transaction(session_factory) as session:
        user = User(name="New", email="new@example.com")
        session.add(user)
        session.flush()
        session.add(
            AiTwin(user_id=user.id, name="T", style_preset="steampunk", config_encrypted="x")
        )
    assert _count(session_factory, User) == 0


def test_naive_datetime_is_refused(session_factory: sessionmaker[Session]) -> None:
    naive = datetime(2026, 1, 1)
    expected = pytest.raises(InvalidValueError, match="naive datetime")
    with expected, transaction(session_factory) as session:
        session.add(User(name="N", email="n@example.com", last_login_at=naive))


def test_renaming_to_a_taken_email_is_a_conflict(session_factory: sessionmaker[Session]) -> None:
    _user(session_factory, "a@example.com")
    b = _user(session_factory, "b@example.com")
    expected = pytest.raises(ConflictError, match=r"email='a@example\.com'")
    with expected, transaction(session_factory) as session:
        session.get_one(User, b).email = "a@example.com"
    with session_factory() as session:
        assert session.get_one(User, b).email == "b@example.com"


def test_batched_insert_names_the_missing_owner(session_factory: sessionmaker[Session]) -> None:
    real = _user(session_factory)
    ghost = uuid.uuid4()
    with pytest.raises(MissingReferenceError) as caught, transaction(session_factory) as session:
        session.add_all([Agent(user_id=real), Agent(user_id=ghost), Agent(user_id=real)])
    assert str(ghost) in str(caught.value)
    assert _count(session_factory, Agent) == 0
