"""The same dedup key writes one row, even from concurrent transactions; enqueue needs one."""

from __future__ import annotations

import asyncio

import pytest

from core.db import transaction
from jobs import outbox
from models.jobs import OutboxEvent


async def test_same_dedup_key_is_written_once(db):
    async with transaction():
        first = await outbox.enqueue("test.record", {"n": 1}, dedup_key="payment:P-1:settled")
    async with transaction():
        again = await outbox.enqueue("test.record", {"n": 2}, dedup_key="payment:P-1:settled")
    assert first is not None and again is None
    assert await OutboxEvent.count() == 1


async def test_concurrent_dedup_writers_make_one_row(db):
    async def write(n: int) -> int | None:
        async with transaction():
            return await outbox.enqueue("test.record", {"n": n}, dedup_key="callback:42")

    ids = await asyncio.gather(*(write(n) for n in range(10)))
    assert len([i for i in ids if i is not None]) == 1
    assert await OutboxEvent.count() == 1


async def test_enqueue_outside_transaction_is_refused(db):
    with pytest.raises(outbox.OutsideTransaction):
        await outbox.enqueue("test.record", {"n": 1})
    assert await OutboxEvent.count() == 0
