"""The administrator's table (and its seed) changes which days count, on both databases."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.audit import AuditEvent
from models.calendar import CalendarDay
from workdays import store
from workdays.deadlines import LOCAL, working_days_after
from workdays.edits import Actor, remove_day, set_day
from workdays.seed import seed_default_calendar

ADMIN = Actor(kind="admin", id="test-admin")


@pytest.fixture(autouse=True)
def fresh_cache():
    # The `db` fixture empties tables behind the cache's back.
    store.invalidate()
    yield
    store.invalidate()


async def calendar_read_done() -> None:
    reading = store._reading
    if reading is not None:
        await reading.task


def due(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 17, 0, tzinfo=LOCAL)


async def test_make_up_saturday_in_the_table_counts(db):
    friday = datetime(2026, 1, 9, 10, 0, tzinfo=LOCAL)
    assert working_days_after(await store.load_calendar(), friday, 1) == due(2026, 1, 12)
    await set_day(date(2026, 1, 10), "working_day", ADMIN, "Làm bù", "Make-up")
    assert working_days_after(await store.load_calendar(), friday, 1) == due(2026, 1, 10)


async def test_extra_day_off_in_the_table_is_skipped(db):
    thursday = datetime(2026, 10, 15, 10, 0, tzinfo=LOCAL)
    await set_day(date(2026, 10, 16), "day_off", ADMIN)
    assert working_days_after(await store.load_calendar(), thursday, 1) == due(2026, 10, 19)


async def test_removing_an_override_restores_the_statutory_day(db):
    await set_day(date(2026, 10, 16), "day_off", ADMIN)
    assert not (await store.load_calendar()).is_working_day(date(2026, 10, 16))
    await remove_day(date(2026, 10, 16), ADMIN)
    assert (await store.load_calendar()).is_working_day(date(2026, 10, 16))


async def test_every_edit_is_audited_with_who(db):
    await set_day(date(2026, 10, 16), "day_off", ADMIN)
    await set_day(date(2026, 10, 16), "working_day", ADMIN)
    await remove_day(date(2026, 10, 16), ADMIN)
    events = await AuditEvent.select().where(AuditEvent.subject_id == "2026-10-16").order_by(
        AuditEvent.id
    )
    assert [e["action"] for e in events] == [
        "calendar.day_set", "calendar.day_set", "calendar.day_removed"
    ]
    assert {e["actor_id"] for e in events} == {"test-admin"}
    assert all(e["at"] is not None for e in events)


async def test_seed_adds_the_2026_new_year_bridge_once(db):
    assert await seed_default_calendar() == 2  # Fri 2 Jan off, Sat 10 Jan worked
    assert await seed_default_calendar() == 0
    calendar = await store.load_calendar()
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    # New Year's Eve 2025 receipt, one working day: Fri 2 Jan is off, so Mon 5 Jan.
    received = datetime(2025, 12, 31, 10, 0, tzinfo=LOCAL)
    assert working_days_after(calendar, received, 1) == due(2026, 1, 5)
    assert await CalendarDay.count() == 2


async def test_seed_leaves_2027_statutory_days_to_the_package_without_duplicates(db):
    await seed_default_calendar()
    assert not await CalendarDay.exists().where(CalendarDay.day >= date(2027, 1, 1))
    calendar = await store.load_calendar()
    for day in (date(2027, 2, 4), date(2027, 2, 10), date(2027, 9, 3), date(2027, 5, 3)):
        assert not calendar.is_working_day(day), day


async def test_seed_does_not_undo_an_administrator(db):
    await seed_default_calendar()
    await remove_day(date(2026, 1, 2), ADMIN)
    assert await seed_default_calendar() == 0
    assert (await store.load_calendar()).is_working_day(date(2026, 1, 2))


async def test_other_processes_see_edits_after_the_ttl(db, monkeypatch):
    assert (await store.load_calendar()).is_working_day(date(2026, 10, 16))
    # Another process edits the table directly: this process keeps its copy until the TTL.
    await CalendarDay.insert(CalendarDay(day=date(2026, 10, 16), kind="day_off"))
    assert (await store.load_calendar()).is_working_day(date(2026, 10, 16))
    monkeypatch.setattr(store, "TTL_SECONDS", 0.0)
    # Past the TTL the copy still answers while one read of the table runs; then the edit shows.
    assert (await store.load_calendar()).is_working_day(date(2026, 10, 16))
    await calendar_read_done()
    assert not (await store.load_calendar()).is_working_day(date(2026, 10, 16))
