"""Under arq, a failed job is retried by the job's own RetryPolicy (arq alone would drop it):
the row is rescheduled and a deferred wake is queued, until success or `dead`."""

from __future__ import annotations

from outbox_support import recording_spec, row, run_arq_worker, with_redis

from core.db import transaction
from jobs import outbox
from jobs.runtime import ArqRuntime
from jobs.spec import RetryPolicy

QUICK = RetryPolicy(max_attempts=3, base_seconds=0.05, factor=2.0, jitter=False)


async def _enqueue(redis_url: str, job: str) -> int:
    api_side = ArqRuntime(redis_url)
    await api_side.start()
    try:
        async with transaction():
            return await outbox.enqueue(job, {"dossier": "D-5"})
    finally:
        await api_side.close()


async def test_arq_worker_retries_until_success(db, settings, redis_url):
    calls: list = []
    event_id = await _enqueue(redis_url, "test.flaky")
    spec = recording_spec("test.flaky", calls, fail_first=1, retry=QUICK)
    await run_arq_worker(with_redis(settings, redis_url), [spec])
    final = await row(event_id)
    assert final["status"] == "done" and final["attempts"] == 2
    assert len(calls) == 2


async def test_arq_worker_gives_up_after_max_attempts(db, settings, redis_url):
    calls: list = []
    event_id = await _enqueue(redis_url, "test.broken")
    spec = recording_spec("test.broken", calls, fail_first=99, retry=QUICK)
    await run_arq_worker(with_redis(settings, redis_url), [spec])
    final = await row(event_id)
    assert final["status"] == "dead" and final["attempts"] == 3
    assert "attempt 3 failed" in final["last_error"]
    assert len(calls) == 3
