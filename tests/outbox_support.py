"""Helpers shared by the job and outbox tests: recording job specs, row access, an arq worker."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

from arq.worker import Worker

from core.db import current_engine
from core.settings import Settings
from jobs.spec import JobSpec, RetryPolicy
from jobs.worker import worker_settings
from models.jobs import OutboxEvent

SLOW_RETRY = RetryPolicy(max_attempts=3, base_seconds=30.0, factor=2.0, jitter=False)


def recording_spec(
    name: str, calls: list, *, fail_first: int = 0, error: Exception | None = None,
    retry: RetryPolicy = SLOW_RETRY,
) -> JobSpec:
    """A job that records each payload it is given and fails its first `fail_first` runs."""

    async def handler(payload: dict) -> None:
        calls.append(payload)
        if len(calls) <= fail_first:
            raise error or RuntimeError(f"attempt {len(calls)} failed")

    return JobSpec(name=name, handler=handler, retry=retry, timeout_seconds=10.0)


async def row(event_id: int) -> dict:
    found = await OutboxEvent.select().where(OutboxEvent.id == event_id).first()
    assert found is not None
    return found


async def make_due(event_id: int) -> None:
    """Let the row's retry time pass without waiting for it."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await OutboxEvent.update({OutboxEvent.available_at: past}).where(OutboxEvent.id == event_id)


async def wait_for_status(event_id: int, status: str, seconds: float = 15.0) -> dict:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        current = await row(event_id)
        if current["status"] == status or asyncio.get_running_loop().time() > deadline:
            return current
        await asyncio.sleep(0.05)


def with_redis(settings: Settings, redis_url: str) -> Settings:
    return dataclasses.replace(settings, redis_url=redis_url)


async def run_arq_worker(settings: Settings, specs: list[JobSpec]) -> Worker:
    """A real arq worker in burst mode on the test's loop and database: it runs its start-up
    sweep and every queued job (including deferred retries), then stops."""
    worker = Worker(
        **worker_settings(settings, specs=specs, periodic=[], engine=current_engine()),
        burst=True,
        handle_signals=False,
    )
    try:
        await asyncio.wait_for(worker.main(), 60)
    finally:
        await worker.close()
    return worker
