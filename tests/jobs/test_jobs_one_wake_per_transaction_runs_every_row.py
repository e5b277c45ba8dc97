"""With arq, the rows one transaction enqueued travel as one wake (one arq job naming them all),
and a worker that takes that job runs each row once."""

from __future__ import annotations

from outbox_support import recording_spec, row

from core.db import transaction
from jobs import outbox
from jobs.runtime import ArqRuntime
from jobs.worker import run_outbox_event


async def test_a_transactions_rows_share_one_wake_and_each_runs_once(db, redis_url):
    calls: list = []
    specs = {"test.record": recording_spec("test.record", calls)}
    api_side = ArqRuntime(redis_url)
    await api_side.start()
    try:
        async with transaction():
            first = await outbox.enqueue("test.record", {"n": 1})
            second = await outbox.enqueue("test.record", {"n": 2})
        await api_side.flush()
        queued = await api_side.pool.queued_jobs()
        assert [job.args for job in queued] == [([first, second],)]

        ctx = {"specs": specs, "redis": api_side.pool}
        assert await run_outbox_event(ctx, [first, second]) == "done,done"
        assert await run_outbox_event(ctx, [first, second]) == "skipped,skipped"  # a re-wake
    finally:
        await api_side.close()
    assert sorted(call["n"] for call in calls) == [1, 2]
    assert (await row(first))["status"] == (await row(second))["status"] == "done"
