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
