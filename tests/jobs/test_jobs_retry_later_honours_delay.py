"""A handler that asks to be retried later (a partner's Retry-After) is not run before then."""

from __future__ import annotations

import datetime as dt

from outbox_support import make_due, row

from core.db import transaction
from jobs import outbox
from jobs.runtime import InProcessRuntime
from jobs.spec import GiveUp, JobSpec, RetryLater


async def test_retry_later_waits_the_asked_delay(db):
    calls: list = []

    async def handler(payload: dict) -> None:
        calls.append(payload)
        if len(calls) == 1:
            raise RetryLater(600, "partner busy")

    runtime = InProcessRuntime([JobSpec("test.partner", handler)], [])
    async with transaction():
        event_id = await outbox.enqueue("test.partner", {"n": 1})
    before = dt.datetime.now(dt.UTC)
    assert await runtime.drain_once() == 1
    waiting = await row(event_id)
    assert waiting["status"] == "pending" and waiting["last_error"] == "partner busy"
    assert (waiting["available_at"] - before).total_seconds() >= 600
    assert await runtime.drain_once() == 0
    await make_due(event_id)
    assert await runtime.drain_once() == 1
    assert (await row(event_id))["status"] == "done"
    assert len(calls) == 2


async def test_give_up_goes_dead_without_retrying(db):
    calls: list = []

    async def handler(payload: dict) -> None:
        calls.append(payload)
        raise GiveUp("the dossier no longer exists")

    runtime = InProcessRuntime([JobSpec("test.hopeless", handler)], [])
    async with transaction():
        event_id = await outbox.enqueue("test.hopeless", {})
    assert await runtime.drain_once() == 1
    dead = await row(event_id)
    assert dead["status"] == "dead" and dead["last_error"] == "the dossier no longer exists"
    assert len(calls) == 1


async def test_asked_delay_is_logged_as_information_and_a_failure_as_a_warning(db, caplog):
    """Waiting because the job asked (another sender holds the dossier, a partner's Retry-After)
    is normal work and must not page anyone; an exception is a failure. Neither log line carries
    the reason, which stays in the row."""

    async def patient(payload: dict) -> None:
        raise RetryLater(30, "partner busy for 0912345678")

    async def broken(payload: dict) -> None:
        raise RuntimeError("boom for 0912345678")

    runtime = InProcessRuntime([JobSpec("test.patient", patient),
                                JobSpec("test.broken", broken)], [])
    async with transaction():
        deferred = await outbox.enqueue("test.patient", {})
        failed = await outbox.enqueue("test.broken", {})
    caplog.set_level("INFO", logger="motcua.jobs")
    assert await runtime.drain_once() == 2
    lines = {(r.levelname, r.getMessage()) for r in caplog.records if r.name == "motcua.jobs"}
    assert ("INFO", f"outbox event {deferred} (test.patient) deferred 30.0s, as its job asked"
            ) in lines, lines
    assert any(level == "WARNING" and message.startswith(f"outbox event {failed} (test.broken) "
                                                         "failed, retry in")
               for level, message in lines), lines
    assert not any("0912345678" in message for _, message in lines)
    assert (await row(failed))["last_error"] == "RuntimeError: boom for 0912345678"
