"""Periodic jobs run repeatedly in-process, and map onto arq cron schedules for the worker."""

from __future__ import annotations

import asyncio

import pytest

from jobs.runtime import InProcessRuntime
from jobs.spec import PeriodicSpec
from jobs.worker import cron_fields, periodic_cron


async def test_in_process_periodic_job_keeps_running_after_a_failure():
    runs: list[int] = []

    async def tick() -> None:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("first tick fails")

    runtime = InProcessRuntime([], [PeriodicSpec("test.tick", tick, every_seconds=0.01)])
    runtime.start()
    try:
        for _ in range(500):
            if len(runs) >= 3:
                break
            await asyncio.sleep(0.01)
        assert await runtime.ready()
    finally:
        await runtime.close()
    assert len(runs) >= 3


def test_intervals_become_cron_schedules():
    assert cron_fields(10) == {"second": {0, 10, 20, 30, 40, 50}}
    assert cron_fields(900) == {"minute": {0, 15, 30, 45}, "second": 0}
    assert cron_fields(6 * 3600) == {"hour": {0, 6, 12, 18}, "minute": 0, "second": 0}
    job = periodic_cron(PeriodicSpec("test.hourly", lambda: None, every_seconds=3600))
    assert job.name == "periodic:test.hourly" and job.minute == 0


@pytest.mark.parametrize("seconds", [7, 0, 5400, 2 * 86400])
def test_intervals_cron_cannot_express_are_refused(seconds):
    with pytest.raises(ValueError):
        cron_fields(seconds)
