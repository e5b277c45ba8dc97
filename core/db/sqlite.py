"""The embedded SQLite engine.

Piccolo's stock engine opens a connection per query and starts DEFERRED transactions. Under
concurrent read-then-write transactions SQLite cannot upgrade a deferred reader to a writer while
another writer holds the lock, and it fails at once with "database is locked" (the busy timeout
does not apply to that upgrade). Here:

- every connection is in WAL mode with a busy timeout, so readers never block the writer;
- transactions are BEGIN IMMEDIATE on one long-lived writer connection, taken in turn through an
  asyncio lock, so in-process writers queue instead of failing, and other processes wait up to the
  busy timeout;
- plain reads outside a transaction use a small pool of long-lived reader connections;
- `close()` closes every connection. The app lifespan and the CLI always call it; should a caller
  forget, aiosqlite's per-connection threads are daemons here, so the interpreter still exits
  (Python joins non-daemon threads *before* atexit hooks run, so an atexit close would come too
  late). SQLite's journal keeps the file consistent if a process ends mid-transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString

from core.db.ending import EndsCleanly
from core.text import SQL_FUNCTION, fold_or_none

BUSY_TIMEOUT_MS = 15_000
READERS = 4


def _is_read(sql: str) -> bool:
    head = sql.lstrip()[:6].upper()
    return head == "SELECT"


class _LoopState:
    """asyncio primitives belong to one event loop; a CLI may run several loops in turn."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.write_lock = asyncio.Lock()
        self.readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self.reader_count = 0


class EmbeddedTransaction(EndsCleanly, SQLiteTransaction):
    """A transaction on the shared writer connection, holding the write lock until it ends."""

    async def __aenter__(self) -> EmbeddedTransaction:
        if self._parent is not None:
            # The engine makes every transaction of this class, a nested one's parent included.
            return self._parent  # pyright: ignore[reportReturnType]
        engine: EmbeddedSQLiteEngine = self.engine  # type: ignore[assignment]
        # Remember the lock taken: release must hit the same one even if the loop state changed.
        self._lock = engine._state().write_lock
        await self._lock.acquire()
        try:
            self.connection = await engine._writer()
            await self.begin()
        except BaseException:
            # A task cancelled while waiting for BEGIN does not stop the BEGIN queued on
            # aiosqlite's thread: end whatever it opened before the next writer gets the
            # connection (queued after it, so it runs after it), shielded from a second cancel.
            connection = getattr(self, "connection", None)
            if connection is not None:
                await asyncio.shield(_quiet_rollback(connection))
            self._lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def _commit(self) -> None:
        try:
            await self.commit()
        except BaseException:
            # Never hand the shared writer connection on still inside a transaction.
            await _quiet_rollback(self.connection)
            raise

    async def _give_back(self) -> None:
        self._lock.release()


async def _quiet_rollback(connection: aiosqlite.Connection) -> None:
    try:
        await connection.rollback()
    except (sqlite3.Error, ValueError):
        pass


class EmbeddedSQLiteEngine(SQLiteEngine):
    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(path=path, **kwargs)
        self._writer_conn: aiosqlite.Connection | None = None
        self._all: list[aiosqlite.Connection] = []
        self._loop_state: _LoopState | None = None

    def _state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        if self._loop_state is None or self._loop_state.loop is not loop:
            old = self._loop_state
            self._loop_state = _LoopState()
            if old is not None:
                # Connections outlive loops (aiosqlite runs them on threads); the queue does not.
                while not old.readers.empty():
                    self._loop_state.readers.put_nowait(old.readers.get_nowait())
                self._loop_state.reader_count = old.reader_count
        return self._loop_state

    async def get_connection(self) -> aiosqlite.Connection:
        pending = aiosqlite.connect(**self.connection_kwargs)
        thread = getattr(pending, "_thread", None)
        if thread is not None:
            thread.daemon = True  # a forgotten close() must not keep the process alive
        connection = await pending
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA foreign_keys = 1")
        # Diacritics-insensitive matching in SQL (core/text.py; PostgreSQL has it by migration).
        await connection.create_function(SQL_FUNCTION, 1, fold_or_none, deterministic=True)
        self._all.append(connection)
        return connection

    async def _writer(self) -> aiosqlite.Connection:
        if self._writer_conn is None:
            self._writer_conn = await self.get_connection()
        return self._writer_conn

    async def _run(self, connection: aiosqlite.Connection, sql: str, args: list[Any], commit: bool):
        # Execute and fetch in ONE call on aiosqlite's thread: a caller cancelled between the two
        # (a request that timed out, a runner shutting down) would otherwise leave a half-read
        # cursor on the shared writer, and the next COMMIT fails with "SQL statements in progress".
        rows = await connection.execute_fetchall(sql, args)
        if commit and connection.in_transaction:
            await connection.commit()
        return list(rows)

    async def _read(self, sql: str, args: list[Any]):
        state = self._state()
        if state.readers.empty() and state.reader_count < READERS:
            state.reader_count += 1
            try:
                connection = await self.get_connection()
            except BaseException:
                state.reader_count -= 1
                raise
        else:
            connection = await state.readers.get()
        try:
            return await self._run(connection, sql, args, commit=False)
        finally:
            state.readers.put_nowait(connection)

    async def _write(self, sql: str, args: list[Any]):
        state = self._state()
        async with state.write_lock:
            connection = await self._writer()
            try:
                return await self._run(connection, sql, args, commit=True)
            except BaseException:
                # sqlite3 opened an implicit transaction for the statement; end it.
                await _quiet_rollback(connection)
                raise

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False):
        query_id = self.get_query_id()
        if self.log_queries:
            self.print_query(query_id=query_id, query=querystring.__str__())
        sql, args = querystring.compile_string(engine_type=self.engine_type)
        response = await self._execute(sql, list(args or []))
        if self.log_responses:
            self.print_response(query_id=query_id, response=response)
        return response

    async def run_sql(self, sql: str, args: list[Any]):
        """Finished SQL with its arguments (core/db/compiled.py), like any query of this engine."""
        return await self._execute(sql, list(args))

    async def run_ddl(self, ddl: str, in_pool: bool = False):
        return await self._execute(ddl, [])

    async def _execute(self, sql: str, args: list[Any]):
        current = self.current_transaction.get()
        if current is not None:
            return await self._run(current.connection, sql, args, commit=False)
        if _is_read(sql):
            return await self._read(sql, args)
        return await self._write(sql, args)

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.immediate,
        allow_nested: bool = True,
    ) -> EmbeddedTransaction:
        return EmbeddedTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def start_connection_pool(self, **_: Any) -> None:
        await self._writer()

    async def close_connection_pool(self) -> None:
        await self.close()

    async def close(self) -> None:
        connections, self._all = self._all, []
        self._writer_conn = None
        self._loop_state = None
        for connection in connections:
            try:
                await connection.close()
            except (sqlite3.Error, ValueError):
                pass


def sqlite_version_ok() -> bool:
    return sqlite3.sqlite_version_info >= (3, 35, 0)
