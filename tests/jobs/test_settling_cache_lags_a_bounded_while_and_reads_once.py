"""The statistics' cache (core.cache.SettlingCache): after a change an answer is served for at
most `lag` seconds from the start of its read, then read again; askers of a key being read wait
for that one read; a reset or a lost bus still forgets or bypasses everything at once."""

from __future__ import annotations

import asyncio

import pytest
from cache_support import CacheClock

from core.cache import SettlingCache
from core.changes import ChangeBus
from tests.jobs.test_row_cache_serves_only_what_no_change_has_touched import (
    Loads,
    SlowLoad,
    bus,
)

LAG = 5.0


@pytest.fixture
def clock(monkeypatch) -> CacheClock:
    return CacheClock(monkeypatch)


def settling(changes: ChangeBus) -> SettlingCache:
    return SettlingCache("stats", size=10, lag=LAG, ttl=600, bus=changes)


async def test_after_a_change_the_answer_is_served_until_lag_seconds_from_its_read(clock):
    changes, loads = bus(), Loads()
    cache = settling(changes)
    assert await cache.get_or_load("k", loads.of("before")) == "before"
    clock.seconds += 3
    changes.forget_here("stats", ["rollups"])
    assert await cache.get_or_load("k", loads.of("after")) == "before"  # 3 s old: still served
    clock.seconds += 1.9
    assert await cache.get_or_load("k", loads.of("after")) == "before"
    clock.seconds += 0.1  # lag seconds since the read began
    assert await cache.get_or_load("k", loads.of("after")) == "after"
    assert loads.count == 2
    clock.seconds += 60  # no change since the new read: kept until its time to live
    assert await cache.get_or_load("k", loads.of("later")) == "after"


async def test_with_no_change_an_answer_is_kept_past_the_lag(clock):
    cache, loads = settling(bus()), Loads()
    await cache.get_or_load("k", loads.of(1))
    clock.seconds += 100
    assert await cache.get_or_load("k", loads.of(2)) == 1 and loads.count == 1


async def test_a_read_overlapping_a_change_is_kept_only_until_lag_from_its_start(clock):
    changes = bus()
    cache = settling(changes)
    slow = SlowLoad("read across the change")
    reading = await slow.begin(cache, "k")
    clock.seconds += 2
    changes.forget_here("stats", ["rollups"])
    slow.released.set()
    assert await reading == "read across the change"
    clock.seconds += 2.9  # 4.9 s since that read began
    assert await cache.get_or_load("k", Loads().of("fresh")) == "read across the change"
    clock.seconds += 0.1
    assert await cache.get_or_load("k", Loads().of("fresh")) == "fresh"


async def test_askers_of_a_key_being_read_share_that_one_read(clock):
    cache = settling(bus())
    slow = SlowLoad("one read")
    first = await slow.begin(cache, "k")
    others = [asyncio.create_task(cache.get_or_load("k", Loads().of("another read")))
              for _ in range(31)]
    await asyncio.sleep(0)
    slow.released.set()
    assert await first == "one read"
    assert await asyncio.gather(*others) == ["one read"] * 31


async def test_the_first_asker_going_away_does_not_cancel_the_read_the_others_wait_for(clock):
    cache = settling(bus())
    slow = SlowLoad("finished")
    first = await slow.begin(cache, "k")
    second = asyncio.create_task(cache.get_or_load("k", Loads().of("not asked")))
    await asyncio.sleep(0)
    first.cancel()  # the client of the first request hung up
    slow.released.set()
    assert await second == "finished"
    with pytest.raises(asyncio.CancelledError):
        await first
    loads = Loads()
    assert await cache.get_or_load("k", loads.of("again")) == "finished" and loads.count == 0


async def test_a_failed_read_fails_its_askers_and_the_next_ask_reads_again(clock):
    cache = settling(bus())

    async def broken():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        await cache.get_or_load("k", broken)
    assert await cache.get_or_load("k", Loads().of("back")) == "back"


async def test_a_reset_forgets_at_once_and_a_read_across_it_is_not_kept(clock):
    changes = bus()
    cache = settling(changes)
    await cache.get_or_load("kept", Loads().of(1))
    slow = SlowLoad("read across the reset")
    reading = await slow.begin(cache, "k")
    changes._set_connected(False)
    changes._set_connected(True)  # messages may have been lost meanwhile
    slow.released.set()
    assert await reading == "read across the reset"
    assert len(cache) == 0


async def test_nothing_is_kept_or_shared_while_changes_cannot_be_heard(clock):
    cache, loads = settling(bus(connected=False)), Loads()
    await cache.get_or_load("k", loads.of(1))
    await cache.get_or_load("k", loads.of(2))
    assert loads.count == 2 and len(cache) == 0
