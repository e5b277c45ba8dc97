"""Rows kept in an API process's memory, forgotten when they change (core/changes.py).

    SESSIONS = RowCache("auth_session", size=50_000, group_kind="person")

    state = await SESSIONS.get_or_load(session_id, lambda: read_it(session_id),
                                       group=lambda state: state.person_id)

A hit costs a dict lookup instead of a database round trip. Correctness rests on three rules:

- Entries are served only while the process hears every change (`BUS.connected`); otherwise
  every call loads from the database and nothing is kept.
- A load that overlaps a change is not kept: the cache counts the changes it is told of, and a
  value loaded while that count moved may predate the change (the read began before the
  writer committed).
- Every entry expires after `ttl` seconds, so a change whose announcement was lost (Redis
  failing between the writer's commit and its publish) is seen within that time.

Entries may carry a group (the person a session belongs to), so that one announcement of the
group's kind forgets them all; a cache made `whole` forgets everything on any announcement of
its kind (the catalogue, which changes a few times a year). The cache holds at most `size`
entries, dropping the oldest. Every cache's time to live is `settings.cache_seconds`
(MOTCUA_CACHE_SECONDS; 0 turns them off).

`SettlingCache` is the one exception to "a change forgets at once": answers computed from many
rows (the statistics), which a stream of changes would otherwise forget before anyone asked twice,
may be served up to `lag` seconds after a change (see the class)."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, NamedTuple

from core.changes import BUS, ChangeBus

_MISSING = object()
_seconds = 0.0  # settings.cache_seconds of the running app (core.cache.on_startup)
_clock = time.monotonic  # the caches' time (a test may move it)


class _Entry(NamedTuple):
    expiry: float
    value: Any
    group: str | None
    read_at: float  # when the read that gave the value began


class RowCache:
    def __init__(self, kind: str, *, size: int, ttl: float | None = None,
                 group_kind: str | None = None, whole: bool = False, bus: ChangeBus = BUS) -> None:
        """`ttl` None: the app's setting (MOTCUA_CACHE_SECONDS)."""
        self.kind = kind
        self.size = size
        self._ttl = ttl
        self._bus = bus
        self._entries: dict[str, _Entry] = {}
        self._groups: dict[str, set[str]] = {}
        self._changes = 0  # announcements heard (and resets), for loads that overlap one
        self._whole = whole
        bus.listen(kind, self._heard, self.clear)
        if group_kind is not None:
            bus.listen(group_kind, self.forget_group, self.clear)

    def _heard(self, key: str) -> None:
        """An announcement of this cache's kind."""
        if self._whole:
            self.clear()
        else:
            self.forget(key)

    @property
    def ttl(self) -> float:
        return _seconds if self._ttl is None else self._ttl

    @property
    def serving(self) -> bool:
        return self.ttl > 0 and self._bus.connected

    def get(self, key: Hashable) -> Any:
        """The kept value, or `_MISSING`."""
        entry = self._entries.get(str(key))
        if entry is None or not self._bus.connected:
            return _MISSING
        if entry.expiry < _clock():
            self._drop(str(key))
            return _MISSING
        return entry.value

    async def get_or_load(self, key: Hashable, load: Callable[[], Awaitable[Any]],
                          group: Callable[[Any], Hashable] | None = None) -> Any:
        """The kept value, or `load()`'s (kept unless it is None). `group(value)` names the
        value's group."""
        value = self.get(key)
        if value is not _MISSING:
            return value
        changes, started = self._changes, _clock()
        value = await load()
        if value is not None and self.serving and self._changes == changes:
            self._put(str(key), value, None if group is None else str(group(value)), started)
        return value

    def _put(self, key: str, value: Any, group: str | None, read_at: float) -> None:
        self._drop(key)
        while len(self._entries) >= self.size:
            self._drop(next(iter(self._entries)))
        self._entries[key] = _Entry(_clock() + self.ttl, value, group, read_at)
        if group is not None:
            self._groups.setdefault(group, set()).add(key)

    def forget(self, key: str) -> None:
        """A change: loads in flight are not kept either."""
        self._changes += 1
        self._drop(key)

    def _drop(self, key: str) -> None:
        """Make room, or remove an expired entry: nothing changed, loads in flight may stay."""
        entry = self._entries.pop(key, None)
        if entry is not None and entry.group is not None:
            members = self._groups.get(entry.group)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._groups[entry.group]

    def forget_group(self, group: str) -> None:
        self._changes += 1
        for key in list(self._groups.get(group, ())):
            self.forget(key)

    def clear(self) -> None:
        self._changes += 1
        self._entries.clear()
        self._groups.clear()

    def __len__(self) -> int:
        return len(self._entries)


class SettlingCache(RowCache):
    """A whole cache of answers computed from many rows. After a change of its kind, an entry
    is still served until `lag` seconds from the start of its read, then read again: never
    more than `lag` behind a change, and a stream of changes costs each key one read per `lag`
    seconds in each process instead of one per change. While a key is being read, the others
    asking for it wait for that read instead of each making its own (a key that falls due under
    32 clients at once is read once, not 32 times). Loads here never run inside a caller's
    transaction: a load runs as a task of its own, which the first caller going away does not
    cancel. A reset (the bus lost and regained) still forgets everything at once."""

    def __init__(self, kind: str, *, size: int, lag: float, ttl: float | None = None,
                 bus: ChangeBus = BUS) -> None:
        super().__init__(kind, size=size, ttl=ttl, bus=bus)
        self.lag = lag
        self._changed_at = -math.inf  # when the last change of the kind was heard
        self._reading: dict[str, asyncio.Task] = {}

    def _heard(self, key: str) -> None:
        # Nothing is dropped here (`_changes` counts only clears: a load in flight across a
        # change is kept); entries are judged when asked for.
        self._changed_at = _clock()

    def get(self, key: Hashable) -> Any:
        entry = self._entries.get(str(key))
        if (entry is not None and entry.read_at <= self._changed_at
                and _clock() >= entry.read_at + self.lag):
            self._drop(str(key))
            return _MISSING
        return super().get(key)

    async def get_or_load(self, key: Hashable, load: Callable[[], Awaitable[Any]],
                          group: Callable[[Any], Hashable] | None = None) -> Any:
        value = self.get(key)
        if value is not _MISSING:
            return value
        if not self.serving:
            return await load()
        name, loop = str(key), asyncio.get_running_loop()
        reading = self._reading.get(name)
        if reading is None or reading.get_loop() is not loop or reading.done():
            reading = self._reading[name] = loop.create_task(self._load(name, load))
        return await asyncio.shield(reading)

    async def _load(self, name: str, load: Callable[[], Awaitable[Any]]) -> Any:
        changes, started = self._changes, _clock()
        try:
            value = await load()
        finally:
            if self._reading.get(name) is asyncio.current_task():
                del self._reading[name]
        if value is not None and self.serving and self._changes == changes:
            self._put(name, value, None, started)
        return value


async def on_startup(app) -> None:
    global _seconds
    _seconds = float(app.state.settings.cache_seconds)
    await BUS.start(app.state.settings.redis_url)


async def on_shutdown(app) -> None:
    await BUS.stop()
