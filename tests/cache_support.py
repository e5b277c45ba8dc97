"""Helpers for the tests of rows kept in memory (core/cache.py, core/changes.py)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable

from core import cache
from core.changes import BUS, ChangeBus

WAIT_SECONDS = 15.0


async def eventually(check: Callable[[], object], seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not await _value(check):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {seconds} s: {check}")
        await asyncio.sleep(0.02)


async def _value(check: Callable[[], object]) -> object:
    value = check()
    return await value if asyncio.iscoroutine(value) else value


async def bus_connected() -> None:
    await eventually(lambda: BUS.connected)


def with_caches(settings, redis_url: str, seconds: int = 30):
    """Settings of a production-like API process: Redis, so the caches serve."""
    return dataclasses.replace(settings, redis_url=redis_url, cache_seconds=seconds)


class OtherProcess:
    """What another API process, worker or CLI command does on the channel: its own bus (its
    own Redis connections), announcing its writes."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.bus = ChangeBus()

    async def __aenter__(self) -> OtherProcess:
        await self.bus.start(self.redis_url)
        await eventually(lambda: self.bus.connected)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.bus.stop()

    async def announce(self, kind: str, *keys: object) -> None:
        await self.bus.publish({kind: [str(key) for key in keys]})


class CountingLoads:
    """Wraps an async loader function to count how often the database is asked."""

    def __init__(self, monkeypatch, target: str) -> None:
        module, _, name = target.rpartition(".")
        import importlib

        owner = importlib.import_module(module)
        original = getattr(owner, name)
        self.count = 0

        async def counted(*args, **kwargs):
            self.count += 1
            return await original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


class CacheClock:
    """The caches' own time (core.cache._clock), which a test moves: `clock.seconds += 5`."""

    def __init__(self, monkeypatch) -> None:
        self.seconds = 1_000.0
        monkeypatch.setattr(cache, "_clock", lambda: self.seconds)
