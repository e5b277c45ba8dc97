"""Two runners draining the same outbox at once run every row exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter

from core.db import transaction
from jobs import outbox
from jobs.runtime import InProcessRuntime
from jobs.spec import JobSpec
from models.jobs import OutboxEvent


async def test_two_runners_run_each_row_once(db):
    seen: Counter = Counter()

    async def handler(payload: dict) -> None:
        seen[payload["n"]] += 1
        await asyncio.sleep(0)  # let the other runner try to claim meanwhile

    specs = [JobSpec("test.count", handler)]
    async with transaction():
        for n in range(30):
            await outbox.enqueue("test.count", {"n": n})

    first, second = InProcessRuntime(specs, []), InProcessRuntime(specs, [])
    ran = await asyncio.gather(first.drain_once(), second.drain_once(), first.drain_once())
    assert sum(ran) == 30
    assert seen == Counter(range(30))
    assert await OutboxEvent.count().where(OutboxEvent.status == "done") == 30
