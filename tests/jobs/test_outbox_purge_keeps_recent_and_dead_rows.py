"""The hourly purge removes long-finished outbox rows and keeps recent and dead ones."""

from __future__ import annotations

import datetime as dt

from jobs.builtin import purge_finished_outbox
from models.jobs import OutboxEvent


async def test_purge_removes_only_old_done_rows(db):
    now = dt.datetime.now(dt.UTC)
    old, recent = now - dt.timedelta(days=30), now - dt.timedelta(hours=1)
    await OutboxEvent.insert(
        OutboxEvent(job="test.a", status="done", finished_at=old),
        OutboxEvent(job="test.b", status="done", finished_at=recent),
        OutboxEvent(job="test.c", status="dead", finished_at=old),
        OutboxEvent(job="test.d", status="pending"),
    )
    await purge_finished_outbox()
    left = await OutboxEvent.select(OutboxEvent.job).order_by(OutboxEvent.job)
    assert [row["job"] for row in left] == ["test.b", "test.c", "test.d"]
