"""Rows that succeed at about the same moment are marked done together (jobs.leases.DoneMarks),
and each still only by the claim that ran it: a row another runner took over since (its lease
ran out) is not marked done by the first runner's late success, and that runner is told so."""

from __future__ import annotations

import asyncio
import datetime as dt

from outbox_support import row

from core.db import transaction
from jobs import leases, outbox
from models.jobs import OutboxEvent


async def test_successes_together_each_only_by_its_own_claim(db):
    async with transaction():
        first = await outbox.enqueue("test.record", {"n": 1})
        second = await outbox.enqueue("test.record", {"n": 2})
    claimed = {found["id"]: found for found in await leases.claim_many([first, second])}
    # The first row's lease runs out and another runner takes it (its second attempt).
    await OutboxEvent.update({OutboxEvent.locked_until: dt.datetime.now(dt.UTC)
                              - dt.timedelta(seconds=1)}).where(OutboxEvent.id == first)
    assert (await leases.claim(first))["attempts"] == 2

    marks = leases.DoneMarks()
    outcomes = await asyncio.gather(marks.mark(claimed[first]), marks.mark(claimed[second]))

    assert [outcome.status for outcome in outcomes] == ["lost", "done"]
    assert (await row(first))["status"] == "running"  # the newer attempt's, still going
    done = await row(second)
    assert done["status"] == "done" and done["finished_at"] is not None
    assert done["locked_until"] is None
