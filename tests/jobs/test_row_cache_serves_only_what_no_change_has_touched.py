"""A row kept in memory is served only while nothing says it changed: a load that overlaps a
change is not kept, groups and whole caches are forgotten together, entries expire, the cache
stays bounded, and with the change bus disconnected nothing is served or kept."""

from __future__ import annotations

import asyncio

from core.cache import RowCache
from core.changes import ChangeBus


def bus(connected: bool = True) -> ChangeBus:
    private = ChangeBus()
    private.connected = connected
    return private


class Loads:
    def __init__(self) -> None:
        self.count = 0

    def of(self, value):
        async def load():
            self.count += 1
            return value
        return load


async def test_a_second_read_is_served_from_memory():
    cache, loads = RowCache("thing", size=10, ttl=30, bus=bus()), Loads()
    assert await cache.get_or_load("a", loads.of({"v": 1})) == {"v": 1}
    assert await cache.get_or_load("a", loads.of({"v": 2})) == {"v": 1}
    assert loads.count == 1


async def test_an_announced_change_is_read_again():
    changes = bus()
    cache, loads = RowCache("thing", size=10, ttl=30, bus=changes), Loads()
    await cache.get_or_load("a", loads.of(1))
    changes.forget_here("thing", ["a"])
    assert await cache.get_or_load("a", loads.of(2)) == 2
    changes.forget_here("other kind", ["a"])
    assert await cache.get_or_load("a", loads.of(3)) == 2


class SlowLoad:
    """A load that stays in flight until the test releases it."""

    def __init__(self, value) -> None:
        self.value = value
        self.started, self.released = asyncio.Event(), asyncio.Event()

    async def __call__(self):
        self.started.set()
        await self.released.wait()
        return self.value

    async def begin(self, cache: RowCache, key: str) -> asyncio.Task:
        reading = asyncio.create_task(cache.get_or_load(key, self))
        await self.started.wait()
        return reading


async def test_a_load_that_overlaps_a_change_is_not_kept():
    changes = bus()
    cache = RowCache("thing", size=10, ttl=30, bus=changes)
    slow = SlowLoad("read before the writer committed")
    reading = await slow.begin(cache, "a")
    changes.forget_here("thing", ["a"])  # the writer commits while the read is in flight
    slow.released.set()
    assert await reading == "read before the writer committed"  # answered, but not kept
    assert await cache.get_or_load("a", Loads().of("fresh")) == "fresh"


async def test_a_group_is_forgotten_together():
    changes = bus()
    cache = RowCache("session", size=10, ttl=30, group_kind="person", bus=changes)
    loads = Loads()
    for key in ("s1", "s2"):
        await cache.get_or_load(key, loads.of({"person": "p1"}), group=lambda v: v["person"])
    await cache.get_or_load("s3", loads.of({"person": "p2"}), group=lambda v: v["person"])
    changes.forget_here("person", ["p1"])
    assert len(cache) == 1
    for key in ("s1", "s2", "s3"):
        await cache.get_or_load(key, loads.of({"person": "p?"}), group=lambda v: v["person"])
    assert loads.count == 5


async def test_a_whole_cache_forgets_everything_on_any_change_of_its_kind():
    changes = bus()
    cache = RowCache("catalogue", size=10, ttl=30, whole=True, bus=changes)
    await cache.get_or_load("service:1", Loads().of(1))
    await cache.get_or_load("fees:1", Loads().of(2))
    changes.forget_here("catalogue", ["fee_line"])
    assert len(cache) == 0


async def test_entries_expire_and_the_cache_stays_bounded():
    cache, loads = RowCache("thing", size=3, ttl=0.05, bus=bus()), Loads()
    for key in "abcde":
        await cache.get_or_load(key, loads.of(key))
    assert len(cache) == 3  # the oldest went first
    await cache.get_or_load("e", loads.of("e"))
    assert loads.count == 5
    await asyncio.sleep(0.08)
    await cache.get_or_load("e", loads.of("e2"))
    assert loads.count == 6


async def test_nothing_is_served_or_kept_while_changes_cannot_be_heard():
    changes = bus(connected=False)
    cache, loads = RowCache("thing", size=10, ttl=30, bus=changes), Loads()
    await cache.get_or_load("a", loads.of(1))
    await cache.get_or_load("a", loads.of(2))
    assert loads.count == 2 and len(cache) == 0


async def test_ttl_zero_turns_the_cache_off():
    cache, loads = RowCache("thing", size=10, ttl=0, bus=bus()), Loads()
    await cache.get_or_load("a", loads.of(1))
    await cache.get_or_load("a", loads.of(1))
    assert loads.count == 2


async def test_losing_and_regaining_the_bus_empties_every_cache():
    changes = bus()
    cache = RowCache("thing", size=10, ttl=30, bus=changes)
    await cache.get_or_load("a", Loads().of(1))
    changes._set_connected(False)
    changes._set_connected(True)
    assert len(cache) == 0


async def test_a_full_cache_still_keeps_reads_that_overlap_only_evictions():
    # Making room is no change: a busy, full cache must go on keeping what it reads.
    cache = RowCache("thing", size=2, ttl=30, bus=bus())
    slow = SlowLoad("slow")
    reading = await slow.begin(cache, "slow")
    for key in "abc":  # each of these pushes an older entry out
        await cache.get_or_load(key, Loads().of(key))
    slow.released.set()
    await reading
    loads = Loads()
    assert await cache.get_or_load("slow", loads.of("again")) == "slow" and loads.count == 0
