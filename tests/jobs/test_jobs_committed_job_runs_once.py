"""A job enqueued in a committed transaction runs exactly once, woken only after the commit."""

from __future__ import annotations

from outbox_support import recording_spec, row, run_arq_worker, wait_for_status, with_redis

from core.db import transaction
from jobs import outbox
from jobs.runtime import ArqRuntime, InProcessRuntime


async def test_runner_is_woken_after_commit_not_at_insert(db):
    woken: list[list[outbox.Wake]] = []

    async def hook(signals: list[outbox.Wake]) -> None:
        woken.append(signals)

    outbox.on_enqueue(hook)
    try:
        async with transaction():
            first = await outbox.enqueue("test.record", {"n": 1})
            second = await outbox.enqueue("test.record", {"n": 2})
            assert woken == []  # the rows are not visible to a runner yet
        # One wake for the transaction, naming every row it enqueued.
        assert [[signal.event_id for signal in signals] for signals in woken] == [[first, second]]
    finally:
        outbox.remove_hook(hook)


async def test_committed_job_runs_once_in_process(db):
    calls: list = []
    runtime = InProcessRuntime([recording_spec("test.record", calls)], [])
    runtime.start()
    try:
        async with transaction():
            event_id = await outbox.enqueue("test.record", {"dossier": "D-1"})
        done = await wait_for_status(event_id, "done")
        assert await runtime.drain_once() == 0
    finally:
        await runtime.close()
    assert done["status"] == "done" and done["attempts"] == 1
    assert calls == [{"dossier": "D-1"}]


async def test_committed_job_runs_once_on_arq(db, settings, redis_url):
    settings = with_redis(settings, redis_url)
    calls: list = []
    api_side = ArqRuntime(redis_url)
    await api_side.start()
    try:
        async with transaction():
            event_id = await outbox.enqueue("test.record", {"dossier": "D-2"})
        await api_side.flush()  # the waker task sends what commits hand it
        assert await api_side.pool.zcard("arq:queue") == 1  # the wake, sent after commit
    finally:
        await api_side.close()
    worker = await run_arq_worker(settings, [recording_spec("test.record", calls)])
    assert calls == [{"dossier": "D-2"}]
    assert (await row(event_id))["status"] == "done"
    assert worker.jobs_failed == 0
