"""Redis only wakes workers: work committed before Redis lost its data still runs, once."""

from __future__ import annotations

from outbox_support import recording_spec, row, run_arq_worker, with_redis
from redis.asyncio import Redis

from core.db import transaction
from jobs import outbox
from jobs.runtime import ArqRuntime


async def test_work_survives_redis_flush(db, settings, redis_url):
    api_side = ArqRuntime(redis_url)
    await api_side.start()
    try:
        async with transaction():
            first = await outbox.enqueue("test.record", {"n": 1})
            second = await outbox.enqueue("test.record", {"n": 2}, delay_seconds=0)
    finally:
        await api_side.close()

    redis = Redis.from_url(redis_url)
    try:
        assert await redis.zcard("arq:queue") == 1  # one wake for the transaction's two rows
        await redis.flushdb()  # Redis restarted without persistence
    finally:
        await redis.aclose()

    calls: list = []
    await run_arq_worker(with_redis(settings, redis_url), [recording_spec("test.record", calls)])
    assert sorted(call["n"] for call in calls) == [1, 2]
    assert (await row(first))["status"] == (await row(second))["status"] == "done"
