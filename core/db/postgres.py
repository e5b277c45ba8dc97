"""The PostgreSQL engine: Piccolo's, with the two things hot paths need from it.

- `run_sql(sql, args)`: finished SQL straight to asyncpg (see core/db/compiled.py), inside the
  current transaction if there is one, else on a pooled connection.
- A pool that does not reset connections on release. asyncpg's default reset is a second round
  trip after every query (`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`),
  undoing session state this service never creates: it takes no advisory locks, opens no
  cursors outside transactions, LISTENs on nothing and SETs nothing. asyncpg still rolls back a
  transaction left open on a released connection (`Connection._reset`, which runs before the
  custom reset).

  One thing that reset query also did is still needed, after a cancelled command only.
  asyncpg prepares a statement with Parse/Describe/Flush and sends the Sync only with its
  execution; a command cancelled in between (a client that went away, a job stopped at
  shutdown) leaves the server inside the command's implicit transaction, holding the locks
  it took (a row-exclusive lock on an updated table, say), until the connection's next
  command — in a quiet pool, until the idle connection is closed five minutes later, with
  every TRUNCATE, ALTER or migration waiting behind it. Pooled connections therefore note
  whether their last command ran to its end, and one that did not is sent `SELECT 1` (a
  simple query, which ends that transaction) before it goes back to the pool; if that fails
  too, asyncpg discards the connection.
- A transaction that gives its connection back whatever happens. Piccolo's kept it when the
  task was cancelled while BEGIN was on its way (the error left `__aenter__`, so no
  `__aexit__` ran) or while the rollback after an error ran (anyio cancels every await left in
  a cancelled scope): the pool was a connection short for good, and the server kept that
  session "idle in transaction". Here the connection goes back in every case; asyncpg rolls
  back whatever is still open on it before the next user gets it (and discards it if it
  cannot), and its release is shielded from the cancellation."""

from __future__ import annotations

from typing import Any

from asyncpg import Connection, PostgresError
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

from core.db.ending import EndsCleanly


class _PooledConnection(Connection):
    """Knows whether its last command ran to its end (see above)."""

    unfinished = False

    async def _do_execute(self, *args: Any, **kwargs: Any) -> Any:
        self.unfinished = True
        try:
            result = await super()._do_execute(*args, **kwargs)
        except PostgresError:
            self.unfinished = False  # the server answered, and asyncpg synced after it
            raise
        self.unfinished = False
        return result


async def _reset(connection: _PooledConnection) -> None:
    if getattr(connection, "unfinished", False):
        connection.unfinished = False
        await connection.execute("SELECT 1")


class _Transaction(EndsCleanly, PostgresTransaction):
    """Piccolo's transaction, giving its connection back however it ends (see above)."""

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException:
            await self._give_back()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def _give_back(self) -> None:
        if self.engine.pool:
            await self.engine.pool.release(self.connection)  # rolls back what is open
        else:
            await self.connection.close()


class ServicePostgresEngine(PostgresEngine):
    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return _Transaction(engine=self, allow_nested=allow_nested)

    async def start_connection_pool(self, **kwargs: Any) -> None:
        kwargs.setdefault("reset", _reset)
        kwargs.setdefault("connection_class", _PooledConnection)
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
