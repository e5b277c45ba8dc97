"""The cached calendar is read by one request at a time: past its TTL the copy keeps answering
while that read runs; without a copy everyone waits for the same read. The read stays out of the
caller's transaction; a caller inside one, with no copy, reads for itself (and keeps nothing).
A failed read leaves the copy serving, and the next try waits. The statutory calendar is built
when the app starts, not on a request. On both databases."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import pytest
from asgi_lifespan import LifespanManager

from core.db import transaction
from models.calendar import CalendarDay
from workdays import store
from workdays.calendar import statutory

FRIDAY = date(2026, 10, 16)  # a working Friday in the statutory calendar


@pytest.fixture(autouse=True)
def fresh_cache():
    store.invalidate()
    yield
    store.invalidate()


class Gate:
    """Counts the reads of the table and holds each until opened."""

    def __init__(self, monkeypatch) -> None:
        self.reads = 0
        self.opened = asyncio.Event()
        read = store._read_overrides

        async def gated() -> dict:
            self.reads += 1
            await self.opened.wait()
            return await read()

        monkeypatch.setattr(store, "_read_overrides", gated)

    async def open_and_finish(self) -> None:
        self.opened.set()
        await store._reading.task


async def test_past_its_ttl_the_copy_answers_while_one_read_runs(db, monkeypatch):
    assert (await store.load_calendar()).is_working_day(FRIDAY)
    await CalendarDay.insert(CalendarDay(day=FRIDAY, kind="day_off"))
    monkeypatch.setattr(store, "TTL_SECONDS", 0.0)
    gate = Gate(monkeypatch)

    answers = await asyncio.wait_for(
        asyncio.gather(*(store.load_calendar() for _ in range(20))), 5)

    assert all(calendar.is_working_day(FRIDAY) for calendar in answers)  # the copy, at once
    assert gate.reads == 1
    await gate.open_and_finish()
    assert not (await store.load_calendar()).is_working_day(FRIDAY)


async def test_without_a_copy_everyone_waits_for_the_same_read(db, monkeypatch):
    await CalendarDay.insert(CalendarDay(day=FRIDAY, kind="day_off"))
    gate = Gate(monkeypatch)

    waiting = [asyncio.create_task(store.load_calendar()) for _ in range(20)]
    await asyncio.sleep(0.05)
    assert not any(task.done() for task in waiting)
    assert gate.reads == 1
    await gate.open_and_finish()
    answers = await asyncio.gather(*waiting)

    assert len({id(calendar) for calendar in answers}) == 1
    assert not answers[0].is_working_day(FRIDAY)


async def test_a_caller_that_goes_away_does_not_stop_the_read(db, monkeypatch):
    gate = Gate(monkeypatch)
    first = asyncio.create_task(store.load_calendar())
    await asyncio.sleep(0.05)
    first.cancel()
    second = asyncio.create_task(store.load_calendar())
    await gate.open_and_finish()

    assert (await second).is_working_day(FRIDAY)
    assert gate.reads == 1


async def test_inside_a_transaction_without_a_copy_the_caller_reads_and_keeps_nothing(db):
    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack):
        async with transaction():
            await CalendarDay.insert(CalendarDay(day=FRIDAY, kind="day_off"))
            # Read on this transaction's connection: its own write shows...
            assert not (await store.load_calendar()).is_working_day(FRIDAY)
            raise RolledBack
    # ...and was not kept for anyone else.
    assert (await store.load_calendar()).is_working_day(FRIDAY)


async def test_transactions_holding_every_connection_still_get_the_calendar(db):
    """More transactions than pooled connections, each asking for the calendar with no copy
    in memory: none may wait for a read that needs a connection they hold."""
    started = asyncio.Event()

    async def one() -> bool:
        async with transaction():
            await CalendarDay.count()  # holds its connection from here on
            await started.wait()
            return (await store.load_calendar()).is_working_day(FRIDAY)

    tasks = [asyncio.create_task(one()) for _ in range(12)]  # the pool holds 10
    await asyncio.sleep(0.2)
    started.set()
    assert all(await asyncio.wait_for(asyncio.gather(*tasks), 20))


async def test_a_read_in_the_background_leaves_the_callers_connection_alone(db, monkeypatch):
    await store.load_calendar()
    monkeypatch.setattr(store, "TTL_SECONDS", 0.0)
    async with transaction():
        await store.load_calendar()  # the copy; a read starts beside this transaction
        for day in range(1, 21):  # meanwhile the transaction goes on with its own connection
            await CalendarDay.insert(CalendarDay(day=date(2026, 11, day), kind="day_off"))
            await CalendarDay.count()
        await store._reading.task
    assert await CalendarDay.count() == 20


async def test_a_failed_read_keeps_the_copy_and_the_next_try_waits(db, monkeypatch, caplog):
    copy = await store.load_calendar()
    monkeypatch.setattr(store, "TTL_SECONDS", 0.0)
    tries = []

    async def broken() -> dict:
        tries.append(1)
        raise OSError("database unreachable")

    monkeypatch.setattr(store, "_read_overrides", broken)
    monkeypatch.setattr(store, "_next_try", 0.0)
    with caplog.at_level(logging.WARNING, logger="motcua.workdays"):
        assert await store.load_calendar() is copy
        await asyncio.gather(store._reading.task, return_exceptions=True)
        await asyncio.sleep(0)  # the task's done callback
        for _ in range(20):  # within RETRY_SECONDS: the copy, and no new read
            assert await store.load_calendar() is copy
            await asyncio.sleep(0)
    assert len(tries) == 1
    assert caplog.text.count("reading the calendar table failed") == 1
    monkeypatch.setattr(store, "RETRY_SECONDS", 0.0)
    monkeypatch.setattr(store, "_next_try", 0.0)
    assert await store.load_calendar() is copy  # past the wait: the next try
    await asyncio.gather(store._reading.task, return_exceptions=True)
    assert len(tries) == 2
    store.invalidate()  # no copy left: the caller gets the error
    with pytest.raises(OSError):
        await store.load_calendar()


async def test_the_app_builds_the_statutory_calendar_when_it_starts(db, settings):
    from app.factory import create_app
    from core.db import current_engine

    statutory.cache_clear()
    application = create_app(settings, engine=current_engine())
    async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
        year = date.today().year
        for language in ("vi", "en_US"):
            assert {year - 1, year, year + 1} <= statutory(language).years
