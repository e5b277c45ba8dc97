"""Database engines: embedded SQLite or PostgreSQL, chosen by DATABASE_URL.

Piccolo binds each table to an engine when the class is created; `use_engine` rebinds every
registered table, so one process (the test suite) can run against both databases in turn."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from core.db.sqlite import EmbeddedSQLiteEngine

_current: Engine | None = None


def engine_from_url(url: str) -> Engine:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = url.split("sqlite:///", 1)[1] if url.startswith("sqlite:///") else parsed.path
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return EmbeddedSQLiteEngine(path=path)
    if parsed.scheme in {"postgres", "postgresql", "postgresql+asyncpg"}:
        dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        return PostgresEngine(config={"dsn": dsn})
    raise ValueError(f"unsupported DATABASE_URL scheme: {parsed.scheme!r}")


def current_engine() -> Engine:
    global _current
    if _current is None:
        from core.settings import load_settings

        _current = engine_from_url(load_settings().database_url)
        _bind_tables(_current)
    return _current


def use_engine(engine: Engine) -> None:
    """Make `engine` the one every table and the migration runner use."""
    global _current
    _current = engine
    _bind_tables(engine)


def _bind_tables(engine: Engine) -> None:
    from piccolo.apps.migrations.tables import Migration

    from models import all_tables

    for table in [*all_tables(), Migration]:
        table._meta.db = engine


def is_sqlite(engine: Engine | None = None) -> bool:
    return (engine or current_engine()).engine_type == "sqlite"


async def open_engine(engine: Engine, pool_size: int = 10) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=pool_size)
    elif isinstance(engine, EmbeddedSQLiteEngine):
        await engine.start_connection_pool()


async def close_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
    elif isinstance(engine, EmbeddedSQLiteEngine):
        await engine.close()


def transaction():
    """A write transaction on the current engine (IMMEDIATE on SQLite)."""
    return current_engine().transaction()
