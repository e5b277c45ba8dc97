"""The calendar as the database defines it, cached per process.

Deadlines are computed on many requests and the table changes a few times a year, so the loaded
calendar is kept in memory. Edits made in this process call `invalidate()`; other processes (more
API workers, the job worker) pick an edit up when their copy is older than `TTL_SECONDS`."""

from __future__ import annotations

import time

from core.db import current_engine
from models.calendar import CalendarDay
from workdays.calendar import KINDS, Override, WorkCalendar

TTL_SECONDS = 60.0

_cached: tuple[object, float, WorkCalendar] | None = None  # (engine, loaded at, calendar)
_generation = 0  # bumped by invalidate(), so a load that raced an edit is not kept


async def load_calendar() -> WorkCalendar:
    """The working-day calendar: the statutory one plus the administrator's table."""
    global _cached
    engine = current_engine()
    cached = _cached
    # Keyed by engine too: one process (the test suite) may switch databases.
    if cached and cached[0] is engine and time.monotonic() - cached[1] < TTL_SECONDS:
        return cached[2]
    generation = _generation
    calendar = WorkCalendar(overrides=await _read_overrides())
    if generation == _generation:
        _cached = (engine, time.monotonic(), calendar)
    return calendar


def invalidate() -> None:
    """Forget the cached calendar; the next `load_calendar()` reads the table again."""
    global _cached, _generation
    _cached = None
    _generation += 1


async def _read_overrides() -> dict:
    rows = await CalendarDay.select(
        CalendarDay.day, CalendarDay.kind, CalendarDay.note_vi, CalendarDay.note_en
    )
    return {
        row["day"]: Override(row["kind"], row["note_vi"], row["note_en"])
        for row in rows
        if row["kind"] in KINDS  # a hand-edited row with a bad kind must not break deadlines
    }

