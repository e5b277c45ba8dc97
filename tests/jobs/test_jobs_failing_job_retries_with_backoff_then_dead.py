"""A failing job is retried after growing delays and ends `dead` after its policy's attempts."""

from __future__ import annotations

from outbox_support import make_due, recording_spec, row

from core import clock
from core.db import transaction
from jobs import outbox
from jobs.runtime import InProcessRuntime


async def test_failing_job_backs_off_then_goes_dead(db):
    calls: list = []
    runtime = InProcessRuntime([recording_spec("test.flaky", calls, fail_first=99)], [])
    async with transaction():
        event_id = await outbox.enqueue("test.flaky", {"n": 1})

    delays = []
    for attempt in (1, 2):
        before = clock.now()
        assert await runtime.drain_once() == 1
        current = await row(event_id)
        assert current["status"] == "pending" and current["attempts"] == attempt
        assert f"attempt {attempt} failed" in current["last_error"]
        delays.append((current["available_at"] - before).total_seconds())
        assert await runtime.drain_once() == 0  # not due before its backoff has passed
        await make_due(event_id)

    # SLOW_RETRY: 30 s, then 60 s (no jitter): each wait at least the policy's, and growing.
    assert delays[0] >= 30 and delays[1] >= 60 and delays[1] > delays[0]
    assert await runtime.drain_once() == 1
    final = await row(event_id)
    assert final["status"] == "dead" and final["attempts"] == 3
    assert "attempt 3 failed" in final["last_error"]
    await make_due(event_id)
    assert await runtime.drain_once() == 0  # dead is final
    assert len(calls) == 3
