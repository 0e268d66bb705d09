"""The weekly calendar view: a creator's calendar items planned in ``[week_start, week_end)``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.planning import CalendarItem


def weekly_calendar_query(
    user_id: uuid.UUID, week_start: datetime, week_end: datetime
) -> Select[CalendarItem]:
    """Uses ix_calendar_items_user_id_planned_date. Bounds are tz-aware instants; the caller
    turns the creator's local week (User.timezone) into them."""
    return (
        select(CalendarItem)
        .where(
            CalendarItem.user_id == user_id,
            CalendarItem.planned_date >= week_start,
            CalendarItem.planned_date < week_end,
        )
        .order_by(CalendarItem.planned_date)
    )


def weekly_calendar(
    session: Session, user_id: uuid.UUID, week_start: datetime, week_end: datetime
) -> list[CalendarItem]:
    return list(session.scalars(weekly_calendar_query(user_id, week_start, week_end)))
