"""A job whose transaction rolled back leaves no row, wakes nobody and never runs."""

from __future__ import annotations

import pytest
from outbox_support import recording_spec, run_arq_worker, with_redis

from core.db import transaction
from jobs import outbox
from jobs.runtime import ArqRuntime, InProcessRuntime
from models.jobs import OutboxEvent


class Refused(Exception):
    pass


async def _enqueue_then_fail() -> None:
    with pytest.raises(Refused):
        async with transaction():
            await outbox.enqueue("test.record", {"dossier": "D-3"})
            raise Refused


async def test_rolled_back_job_never_runs_in_process(db):
    calls: list = []
    runtime = InProcessRuntime([recording_spec("test.record", calls)], [])
    runtime.start()
    try:
        await _enqueue_then_fail()
        assert runtime.runner.busy == 0
        assert await runtime.drain_once() == 0
    finally:
        await runtime.close()
    assert calls == []
    assert await OutboxEvent.count() == 0


async def test_rolled_back_job_never_runs_on_arq(db, settings, redis_url):
    calls: list = []
    api_side = ArqRuntime(redis_url)
    await api_side.start()
    try:
        await _enqueue_then_fail()
        assert await api_side.pool.zcard("arq:queue") == 0
    finally:
        await api_side.close()
    await run_arq_worker(with_redis(settings, redis_url), [recording_spec("test.record", calls)])
    assert calls == []
    assert await OutboxEvent.count() == 0
