"""Database engines: embedded SQLite or PostgreSQL, chosen by DATABASE_URL.

Piccolo binds each table to an engine when the class is created; `use_engine` rebinds every
registered table, so one process (the test suite) can run against both databases in turn."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import anyio
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from core.db.postgres import ServicePostgresEngine
from core.db.sqlite import EmbeddedSQLiteEngine
from core.settings import load_settings
from models import all_tables

log = logging.getLogger("motcua.db")
# The two engines motcua runs on: each adds run_sql (finished SQL, bound values) to Piccolo's.
ProjectEngine = ServicePostgresEngine | EmbeddedSQLiteEngine
_current: Engine | None = None
# Called when `use_engine` switches engines: what was read from the one before is stale.
_on_engine_change: list[Callable[[], None]] = []


def engine_from_url(url: str) -> ProjectEngine:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = url.split("sqlite:///", 1)[1] if url.startswith("sqlite:///") else parsed.path
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return EmbeddedSQLiteEngine(path=path)
    if parsed.scheme in {"postgres", "postgresql", "postgresql+asyncpg"}:
        dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        return ServicePostgresEngine(config={"dsn": dsn})
    raise ValueError(f"unsupported DATABASE_URL scheme: {parsed.scheme!r}")


def current_engine() -> Engine:
    global _current
    if _current is None:
        _current = engine_from_url(load_settings().database_url)
        _bind_tables(_current)
    return _current


def use_engine(engine: Engine) -> None:
    """Make `engine` the one every table and the migration runner use."""
    global _current
    _current = engine
    _bind_tables(engine)
    for changed in _on_engine_change:
        changed()


def on_engine_change(callback: Callable[[], None]) -> None:
    """Call `callback` whenever `use_engine` switches engines (core.changes: the rows kept in
    memory came from the engine before)."""
    _on_engine_change.append(callback)


def _bind_tables(engine: Engine) -> None:
    from piccolo.apps.migrations.tables import Migration

    for table in [*all_tables(), Migration]:
        table._meta.db = engine


def is_sqlite(engine: Engine | None = None) -> bool:
    return (engine or current_engine()).engine_type == "sqlite"


def for_update(select_query, of=None):
    """Lock the selected rows until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL;
    `of` names the table to lock when the query joins others). On SQLite a no-op:
    `transaction()` is BEGIN IMMEDIATE there, so writers already take turns."""
    if is_sqlite():
        return select_query
    return select_query.lock_rows(of=(of,)) if of is not None else select_query.lock_rows()


async def open_engine(engine: Engine, pool_size: int = 10) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=pool_size)
    elif isinstance(engine, EmbeddedSQLiteEngine):
        await engine.start_connection_pool()


POOL_CLOSE_SECONDS = 10.0


async def close_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        # asyncpg's close waits for every connection to come back; one held by a task that never
        # finishes (a stream whose client vanished) would hang shutdown forever.
        try:
            await asyncio.wait_for(engine.close_connection_pool(), POOL_CLOSE_SECONDS)
        except TimeoutError:
            log.warning("PostgreSQL pool did not close in %.0f s; terminating it",
                        POOL_CLOSE_SECONDS)
            if engine.pool is not None:
                engine.pool.terminate()
                engine.pool = None
    elif isinstance(engine, EmbeddedSQLiteEngine):
        await engine.close()


# Work to do once the outermost `transaction()` has ended: after it committed (e.g. waking a job
# runner), or after it rolled back (e.g. removing a file stored for a row that never was). It
# lives in a contextvar so nested `transaction()` blocks and the code they call share the lists.
@dataclass
class _Hooks:
    commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    rollback: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict)


_hooks: ContextVar[_Hooks | None] = ContextVar("motcua_transaction_hooks", default=None)


def in_transaction() -> bool:
    """True inside a `transaction()` block."""
    return _hooks.get() is not None


def _current_hooks(name: str) -> _Hooks:
    hooks = _hooks.get()
    if hooks is None:
        raise RuntimeError(f"{name}() needs an enclosing core.db.transaction()")
    return hooks


def after_commit(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once the enclosing `transaction()` commits; never if it rolls back."""
    _current_hooks("after_commit").commit.append(callback)


def after_rollback(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` if the enclosing `transaction()` ends without committing (an error, a
    cancellation or a rollback by hand): to undo what the database cannot, such as a stored
    file whose row is gone. Never after a commit."""
    _current_hooks("after_rollback").rollback.append(callback)


def transaction_scratch() -> dict[str, Any]:
    """A dict that lives as long as the enclosing (outermost) `transaction()`: for work that
    collects what the transaction did and acts once after it, such as one wake for every job
    it enqueued."""
    return _current_hooks("transaction_scratch").scratch


async def _run(callbacks: list[Callable[[], Awaitable[None]]], what: str) -> None:
    for callback in callbacks:
        try:
            await callback()
        except Exception:  # noqa: BLE001 - the transaction's outcome stands; log and go on
            log.exception("%s callback failed", what)


@asynccontextmanager
async def transaction() -> AsyncIterator[Any]:
    """A write transaction on the current engine (IMMEDIATE on SQLite).

    Domain code uses this for "state change + outbox" writes: callbacks registered with
    `after_commit` run after the outermost block commits, so a job runner is never woken for a
    row that another transaction cannot see yet, or that a rollback removed; those registered
    with `after_rollback` run if it does not commit. Nested blocks join the outer transaction.
    A block nested inside a bare `engine.transaction()` cannot see how that one ends and runs
    neither kind; the outbox sweep still finds its rows."""
    engine = current_engine()
    if _hooks.get() is not None:
        async with engine.transaction() as joined:
            yield joined
        return
    inside_bare = engine.current_transaction.get() is not None
    hooks = _Hooks()
    token = _hooks.set(hooks)
    try:
        async with engine.transaction() as txn:
            yield txn
    except BaseException:
        _hooks.reset(token)
        token = None
        if not inside_bare:
            with anyio.CancelScope(shield=True):
                await _run(hooks.rollback, "after-rollback")
        raise
    finally:
        if token is not None:
            _hooks.reset(token)
    if inside_bare:
        return
    if not getattr(txn, "_committed", False):  # rolled back by hand
        await _run(hooks.rollback, "after-rollback")
        return
    await _run(hooks.commit, "after-commit")
