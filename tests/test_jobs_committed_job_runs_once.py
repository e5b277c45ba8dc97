"""A job enqueued in a committed transaction runs exactly once, woken only after the commit."""

from __future__ import annotations

from core.db import transaction
from jobs import outbox
from jobs.runtime import ArqRuntime, InProcessRuntime
from outbox_support import recording_spec, row, run_arq_worker, wait_for_status, with_redis


async def test_runner_is_woken_after_commit_not_at_insert(db):
    woken: list[outbox.Wake] = []

    async def hook(signal: outbox.Wake) -> None:
        woken.append(signal)

    outbox.on_enqueue(hook)
    try:
        async with transaction():
            event_id = await outbox.enqueue("test.record", {"n": 1})
            assert woken == []  # the row is not visible to a runner yet
        assert [signal.event_id for signal in woken] == [event_id]
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
        assert await api_side.pool.zcard("arq:queue") == 1  # the wake, sent after commit
    finally:
        await api_side.close()
    worker = await run_arq_worker(settings, [recording_spec("test.record", calls)])
    assert calls == [{"dossier": "D-2"}]
    assert (await row(event_id))["status"] == "done"
    assert worker.jobs_failed == 0
