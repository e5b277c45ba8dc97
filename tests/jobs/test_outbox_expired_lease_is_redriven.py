"""A row left `running` by a worker that died is re-driven once its lease expires."""

from __future__ import annotations

import datetime as dt

from outbox_support import recording_spec, row, run_arq_worker, with_redis

from core.db import transaction
from jobs import outbox
from jobs.runtime import InProcessRuntime
from models.jobs import OutboxEvent


async def _orphan(lease_left: float) -> int:
    """A row a crashed worker claimed: running, one attempt used, lease ending at now+lease_left."""
    async with transaction():
        event_id = await outbox.enqueue("test.record", {"dossier": "D-9"})
    t = dt.datetime.now(dt.UTC)
    await OutboxEvent.update(
        {
            OutboxEvent.status: "running",
            OutboxEvent.attempts: 1,
            OutboxEvent.locked_until: t + dt.timedelta(seconds=lease_left),
        }
    ).where(OutboxEvent.id == event_id)
    return event_id


async def test_live_lease_is_left_alone_expired_one_is_rerun(db):
    calls: list = []
    runtime = InProcessRuntime([recording_spec("test.record", calls)], [])
    live = await _orphan(lease_left=300)
    assert await runtime.drain_once() == 0
    assert (await row(live))["status"] == "running" and calls == []

    dead_worker = await _orphan(lease_left=-1)
    assert await runtime.drain_once() == 1
    redriven = await row(dead_worker)
    assert redriven["status"] == "done" and redriven["attempts"] == 2
    assert calls == [{"dossier": "D-9"}]


async def test_arq_sweep_redrives_expired_lease(db, settings, redis_url):
    calls: list = []
    event_id = await _orphan(lease_left=-1)  # no wake was ever sent for the re-run
    await run_arq_worker(with_redis(settings, redis_url), [recording_spec("test.record", calls)])
    assert (await row(event_id))["status"] == "done"
    assert calls == [{"dossier": "D-9"}]
