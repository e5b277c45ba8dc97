"""Fifty concurrent read-then-write transactions all succeed and none loses an update.

On embedded SQLite this is the engine's job (BEGIN IMMEDIATE on one writer, taken in turn):
Piccolo's stock engine failed almost every such attempt with "database is locked". On
PostgreSQL the same code holds because `for_update` locks the row."""

from __future__ import annotations

import asyncio

import pytest

from core.db import for_update, transaction
from models.jobs import OutboxEvent


async def test_fifty_concurrent_read_then_write_transactions(db):
    # Any row with an integer column serves as the counter; `done` keeps runners away from it.
    counter = (await OutboxEvent.insert(OutboxEvent(job="test.counter", status="done"))
               .returning(OutboxEvent.id))[0]["id"]

    async def bump() -> None:
        async with transaction():
            current = await for_update(
                OutboxEvent.select(OutboxEvent.attempts).where(OutboxEvent.id == counter)
            ).first()
            await OutboxEvent.update({OutboxEvent.attempts: current["attempts"] + 1}).where(
                OutboxEvent.id == counter
            )

    results = await asyncio.gather(*(bump() for _ in range(50)), return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    final = await OutboxEvent.select(OutboxEvent.attempts).where(OutboxEvent.id == counter).first()
    assert final["attempts"] == 50


async def test_embedded_connections_use_wal_and_wait_when_busy(db):
    from piccolo.querystring import QueryString

    from core.db import current_engine, is_sqlite

    if not is_sqlite():
        pytest.skip("embedded SQLite settings; PostgreSQL is covered by the test above")
    run = current_engine().run_querystring
    assert (await run(QueryString("PRAGMA journal_mode")))[0]["journal_mode"] == "wal"
    assert (await run(QueryString("PRAGMA busy_timeout")))[0]["timeout"] >= 5000
    async with transaction() as txn:
        assert txn.transaction_type.value == "IMMEDIATE"
