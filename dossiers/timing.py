"""Deadlines of a dossier (DOMAIN.md "Deadlines"; arithmetic in workdays/deadlines.py).

- The clock starts at receipt (status 2), not at submission.
- `due_at` is the date promised to the citizen (ngày hẹn trả); `original_due_at` is the legal
  deadline it started as, moved only by supplement pauses. An apology letter moves `due_at`
  alone, so the on-time KPI still measures against the legal deadline.
- A supplement request stops the clock; its pause is recorded and moves both dates by the
  working days spent waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypedDict

from core.clock import LOCAL
from dossiers.rows import Scheduled, ServiceRow
from workdays import calendar_days_after, extend_for_pauses, load_calendar, working_days_after
from workdays.calendar import WorkCalendar
from workdays.deadlines import end_of_day

DUE_SOON_WORKING_DAYS = 2
ENDED = frozenset({"refused", "withdrawn", "stopped"})


def processing_days(service: ServiceRow, submission_channel: int) -> int:
    online = service["online_processing_days"]
    return online if submission_channel == 2 and online is not None else service["processing_days"]


async def due_at_for(service: ServiceRow, received_at: datetime,
                     submission_channel: int = 2) -> datetime:
    calendar = await load_calendar()
    calendar_kind = service["processing_day_kind"] == "calendar"
    count = calendar_days_after if calendar_kind else working_days_after
    due = count(calendar, received_at, processing_days(service, submission_channel),
                afternoon_cutoff=service["afternoon_cutoff"])
    return due.astimezone(UTC)


async def after_pause(due_at: datetime | None, paused_since: datetime,
                      ended_at: datetime) -> datetime | None:
    if due_at is None:
        return None
    calendar = await load_calendar()
    return extend_for_pauses(calendar, due_at, [(paused_since, ended_at)]).astimezone(UTC)


def end_of_local_day(day: date) -> datetime:
    return end_of_day(day).astimezone(UTC)


def is_overdue(row: Scheduled, now: datetime) -> bool:
    if row["due_at"] is None or row["finished_at"] is not None or row["state"] in ENDED:
        return False
    # While a supplement is awaited the clock stands still at the moment it stopped.
    return (row["paused_since"] or now) > row["due_at"]


class Flags(TypedDict):
    overdue: bool
    due_soon: bool
    on_time: bool | None  # none until a result exists


async def flags(row: Scheduled, now: datetime,
                soon_days: int = DUE_SOON_WORKING_DAYS) -> Flags:
    return flags_on(await load_calendar(), row, now, soon_days)


def flags_on(calendar: WorkCalendar, row: Scheduled, now: datetime,
             soon_days: int = DUE_SOON_WORKING_DAYS) -> Flags:
    """`flags` with the calendar loaded already (a page of dossiers shares one)."""
    overdue = is_overdue(row, now)
    due_soon = False
    running = row["due_at"] is not None and row["finished_at"] is None and row["state"] not in ENDED
    if running and not overdue and row["paused_since"] is None:
        today = now.astimezone(LOCAL).date()
        assert row["due_at"] is not None  # running: it has a due date
        due_day = row["due_at"].astimezone(LOCAL).date()
        due_soon = calendar.working_days_between(today, due_day) <= soon_days
    return {"overdue": overdue, "due_soon": due_soon, "on_time": on_time(row)}


def on_time(row: Scheduled) -> bool | None:
    """For the KPI, once a result exists: by the legal deadline, and at most one supplement
    request (a dossier asked to supplement more than once counts as late)."""
    if row["finished_at"] is None or row["original_due_at"] is None:
        return None
    return row["finished_at"] <= row["original_due_at"] and row["supplement_count"] <= 1
