"""The calendar as the database defines it, cached per process.

Deadlines are computed on many requests and the table changes a few times a year, so the loaded
calendar is kept in memory. Edits made in this process call `invalidate()`; other processes (more
API workers, the job worker) pick an edit up when their copy is older than `TTL_SECONDS`.

One read at a time: when the copy has expired, the first request starts a read of the table and
every request meanwhile — that one included — goes on with the copy it has (at most one read's
time older than the TTL allows); with no copy at all (start-up, after `invalidate()`), they all
wait for that one read. The read runs in a task of its own, outside any transaction of the
request that started it; a caller inside a transaction never waits for it (it holds a pooled
connection, and the read may need that one) but, with no copy, reads for itself. After a failed
read the copy serves `RETRY_SECONDS` more before the next try."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from core.db import current_engine
from models.calendar import CalendarDay
from workdays.calendar import KINDS, Override, WorkCalendar

TTL_SECONDS = 60.0
RETRY_SECONDS = 5.0  # after a failed read, the copy serves this long before the next try

log = logging.getLogger("motcua.workdays")

_cached: tuple[object, float, WorkCalendar] | None = None  # (engine, loaded at, calendar)
_generation = 0  # bumped by invalidate(), so a load that raced an edit is not kept


@dataclass(frozen=True)
class _Reading:
    engine: object
    generation: int
    loop: asyncio.AbstractEventLoop
    task: asyncio.Task[WorkCalendar]

    def serves(self, engine: object) -> bool:
        return (self.engine is engine and self.generation == _generation
                and self.loop is asyncio.get_running_loop() and not self.task.done())


_reading: _Reading | None = None
_next_try = 0.0  # monotonic time before which an expired copy is not read again (a failed read)


async def load_calendar() -> WorkCalendar:
    """The working-day calendar: the statutory one plus the administrator's table."""
    engine = current_engine()
    cached = _cached
    # Keyed by engine too: one process (the test suite) may switch databases.
    if cached and cached[0] is engine:
        now = time.monotonic()
        if now - cached[1] >= TTL_SECONDS and now >= _next_try:
            _read(engine)
        return cached[2]
    if engine.current_transaction.get() is not None:  # type: ignore[attr-defined]
        # A transaction holds a pooled connection: waiting for the shared read, which needs one
        # too, could wait for ever once transactions like this hold them all. Read on this
        # transaction's connection instead; what it reads may hold the transaction's own
        # writes, so it is not kept.
        return WorkCalendar(overrides=await _read_overrides())
    # Shielded: a request that goes away does not stop the read the others wait for.
    return await asyncio.shield(_read(engine))


def _read(engine: object) -> asyncio.Task[WorkCalendar]:
    """The read of the table in progress for this engine, or a new one."""
    global _reading
    if _reading is not None and _reading.serves(engine):
        return _reading.task
    task = asyncio.create_task(_load(engine, _generation), name="calendar-read")
    task.add_done_callback(_noted)
    _reading = _Reading(engine, _generation, asyncio.get_running_loop(), task)
    return task


async def _load(engine: object, generation: int) -> WorkCalendar:
    global _cached
    # The task runs in a copy of the caller's context: leave the caller's transaction out of
    # it (its connection is the caller's to use meanwhile).
    engine.current_transaction.set(None)  # type: ignore[attr-defined]
    calendar = WorkCalendar(overrides=await _read_overrides())
    if generation == _generation:
        _cached = (engine, time.monotonic(), calendar)
    return calendar


def _noted(task: asyncio.Task) -> None:
    global _next_try
    if not task.cancelled() and task.exception() is not None:
        # Those who waited got the error; those served a copy go on with it, and the next try
        # waits a little (with the database down, every request would start one).
        _next_try = time.monotonic() + RETRY_SECONDS
        log.warning("reading the calendar table failed", exc_info=task.exception())


def invalidate() -> None:
    """Forget the cached calendar; the next `load_calendar()` reads the table again."""
    global _cached, _generation, _next_try
    _cached = None
    _generation += 1
    _next_try = 0.0


async def _read_overrides() -> dict:
    rows = await CalendarDay.select(
        CalendarDay.day, CalendarDay.kind, CalendarDay.note_vi, CalendarDay.note_en
    )
    return {
        row["day"]: Override(row["kind"], row["note_vi"], row["note_en"])
        for row in rows
        if row["kind"] in KINDS  # a hand-edited row with a bad kind must not break deadlines
    }
