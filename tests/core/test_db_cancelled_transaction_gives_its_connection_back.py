"""A transaction whose task is cancelled at any point — while its BEGIN is on the way, inside
it, or while it commits or rolls back — gives its connection back to the pool with nothing left
open (core/db/postgres.py). Piccolo's own transaction kept the connection when the cancellation
came during BEGIN or during the rollback that followed one: the pool lost a connection for
good, and the server kept a session "idle in transaction" (a request cancelled by its client,
a job stopped at shutdown, an anyio deadline; anyio cancels every await left in its scope)."""

from __future__ import annotations

import asyncio

import anyio
import asyncpg

from core.db.postgres import ServicePostgresEngine
from tests.conftest import PG_ADMIN_DSN, unavailable

ROUNDS = 120


async def _idle_in_transaction(admin: asyncpg.Connection, application: str) -> int:
    return await admin.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
        "AND state LIKE 'idle in transaction%'", application)


async def _work(engine: ServicePostgresEngine, i: int) -> None:
    async with engine.transaction():
        await engine.run_sql("SELECT $1::int", [i])
        await engine.run_sql("SELECT pg_sleep(0.001)", [])


async def _under_deadline(engine: ServicePostgresEngine, i: int) -> None:
    # anyio's way: once the deadline passes, every await inside the scope is cancelled, the
    # rollback on the way out included.
    with anyio.move_on_after(0.0005 * (i % 8)):
        await _work(engine, i)


async def test_a_cancelled_transaction_gives_its_connection_back():
    try:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        unavailable("PostgreSQL", exc)
    application = "motcua-cancel-probe"
    engine = ServicePostgresEngine(config={
        "dsn": PG_ADMIN_DSN, "server_settings": {"application_name": application}})
    await engine.start_connection_pool(min_size=1, max_size=1)  # one lost connection shows
    try:
        for i in range(ROUNDS):
            if i % 2:
                task = asyncio.create_task(_work(engine, i))
                for _ in range(i % 9):  # before BEGIN, during it, inside, at the commit
                    await asyncio.sleep(0)
                task.cancel()
            else:
                task = asyncio.create_task(_under_deadline(engine, i))
            await asyncio.gather(task, return_exceptions=True)
            async with asyncio.timeout(5):  # the pool's only connection must come back
                async with engine.transaction():
                    assert (await engine.run_sql("SELECT $1::int AS n", [i]))[0]["n"] == i
        await asyncio.sleep(0.05)
        assert await _idle_in_transaction(admin, application) == 0
        assert len([h for h in engine.pool._holders if h._in_use is not None]) == 0
    finally:
        await asyncio.wait_for(engine.close_connection_pool(), 10)
        await admin.close()
