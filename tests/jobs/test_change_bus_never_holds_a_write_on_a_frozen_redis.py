"""With Redis frozen (SIGSTOP), a write's announcement does not hold the write: the writer goes
on while the message still waits to leave, and the process stops serving from its caches once
its subscription stops answering pings (so a freeze bounds how long anything stale is served)."""

from __future__ import annotations

import asyncio

from resilience_support import own_redis

from core.changes import ChangeBus


async def _until(condition, seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "not within the bound"
        await asyncio.sleep(0.05)


async def test_a_write_goes_on_while_its_announcement_waits_on_a_frozen_redis(tmp_path):
    async with own_redis(tmp_path) as redis:
        bus = ChangeBus()
        forgotten: list[str] = []
        bus.listen("dossier", forgotten.append, lambda: None)
        await bus.start(redis.url)
        try:
            await _until(lambda: bus.connected)
            redis.freeze()
            try:
                await bus.publish({"dossier": ["d-1"]})
                assert forgotten == ["d-1"]  # this process forgot it at once
                assert bus._sender is not None and not bus._sender.done()  # still on its way
                await _until(lambda: not bus.connected)  # caches off: nothing stale is served
            finally:
                redis.thaw()
            await _until(lambda: bus.connected)  # subscribed again once Redis answers
        finally:
            await bus.stop()
