"""The PostgreSQL engine: Piccolo's, with the two things hot paths need from it.

- `run_sql(sql, args)`: finished SQL straight to asyncpg (see core/db/compiled.py), inside the
  current transaction if there is one, else on a pooled connection.
- A pool that does not reset connections on release. asyncpg's default reset is a second round
  trip after every query (`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`),
  undoing session state this service never creates: it takes no advisory locks, opens no
  cursors outside transactions, LISTENs on nothing and SETs nothing. asyncpg still rolls back a
  transaction left open on a released connection (`Connection._reset`, which runs before the
  custom reset)."""

from __future__ import annotations

from typing import Any

from asyncpg import Connection
from piccolo.engine.postgres import PostgresEngine


async def _no_session_state_to_reset(connection: Connection) -> None:
    return None


class ServicePostgresEngine(PostgresEngine):
    async def start_connection_pool(self, **kwargs: Any) -> None:
        kwargs.setdefault("reset", _no_session_state_to_reset)
        await super().start_connection_pool(**kwargs)

    async def run_sql(self, sql: str, args: list[Any]) -> list[Any]:
        current = self.current_transaction.get()
        if current is not None:
            return await current.connection.fetch(sql, *args)
        if self.pool is not None:
            return await self.pool.fetch(sql, *args)
        connection = await self.get_new_connection()
        try:
            return await connection.fetch(sql, *args)
        finally:
            await connection.close()
