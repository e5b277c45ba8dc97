"""A command cancelled between asyncpg's prepare and its execution (a client that went away, a
job stopped at shutdown) must not leave its pooled connection inside the command's transaction,
holding its locks: every TRUNCATE, ALTER or migration would wait behind the idle connection
until the pool closed it minutes later (core/db/postgres.py)."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from core.db.postgres import ServicePostgresEngine
from tests.conftest import PG_ADMIN_DSN, unavailable

ROUNDS = 150


async def _locks(admin: asyncpg.Connection, table: str) -> int:
    return await admin.fetchval(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = $1 AND l.pid <> pg_backend_pid()", table)


async def test_a_cancelled_command_leaves_no_lock_behind():
    try:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        unavailable("PostgreSQL", exc)
    table = f"cancel_probe_{uuid.uuid4().hex[:8]}"
    engine = ServicePostgresEngine(config={"dsn": PG_ADMIN_DSN})
    await engine.start_connection_pool(min_size=1, max_size=1)
    try:
        await admin.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, v int)")
        await admin.execute(f"INSERT INTO {table} VALUES (1, 0)")
        left_locked = 0
        for i in range(ROUNDS):
            # A statement the pool has not prepared yet, cancelled at varying points of its
            # way through asyncpg: before sending, between prepare and execute, after.
            task = asyncio.create_task(engine.run_sql(
                f"UPDATE {table} SET v = v + {i} WHERE id = $1 RETURNING v", [1]))
            for _ in range(i % 7):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            for _ in range(50):  # released at once when all is well; minutes when not
                if not await _locks(admin, table):
                    break
                await asyncio.sleep(0.01)
            else:
                left_locked += 1
        assert left_locked == 0, f"{left_locked} of {ROUNDS} cancelled commands kept their locks"
        # The pool's one connection still serves.
        assert (await engine.run_sql(f"SELECT v FROM {table} WHERE id = $1", [1]))[0]["v"] >= 0
    finally:
        await engine.close_connection_pool()
        await admin.execute(f"DROP TABLE IF EXISTS {table}")
        await admin.close()
