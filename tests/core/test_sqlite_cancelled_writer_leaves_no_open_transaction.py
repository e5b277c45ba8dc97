"""A writer cancelled at any point while opening its transaction (a request that timed out, a
runner shutting down) must not leave the shared SQLite writer connection inside a transaction:
the next writer would fail with "cannot start a transaction within a transaction"."""

import asyncio

from core.db.sqlite import EmbeddedSQLiteEngine


async def test_cancelled_writers_leave_the_writer_usable(tmp_path):
    engine = EmbeddedSQLiteEngine(path=str(tmp_path / "cancel.sqlite3"))

    async def hold():
        async with engine.transaction():
            await asyncio.sleep(1)

    failures = 0
    try:
        for attempt in range(120):
            task = asyncio.create_task(hold())
            for _ in range(attempt % 7):  # cancel at every stage of opening the transaction
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            try:
                async with engine.transaction():
                    pass
            except Exception:  # noqa: BLE001 - counted, then repaired to keep probing
                failures += 1
                await engine._writer_conn.rollback()
    finally:
        await engine.close()
    assert failures == 0
