"""The committed migrations build every table from an empty database, on SQLite and PostgreSQL,
and applying them again changes nothing."""

from __future__ import annotations

import pytest
from conftest import _drop_postgres_database, _fresh_postgres_database
from piccolo.querystring import QueryString

import core.db
from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.db.migrate import migrate
from models import all_tables

TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
}


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_migrations_apply_from_empty(kind, tmp_path):
    url = (f"sqlite:///{tmp_path / 'empty.sqlite3'}" if kind == "sqlite"
           else await _fresh_postgres_database())
    previous = core.db._current
    engine = engine_from_url(url)
    use_engine(engine)
    await open_engine(engine, pool_size=2)
    try:
        await migrate()
        found = {row["name"] for row in await engine.run_querystring(QueryString(TABLES_SQL[kind]))}
        assert {table._meta.tablename for table in all_tables()} <= found
        await migrate()  # already applied: a no-op, not an error
    finally:
        await close_engine(engine)
        if previous is not None:
            use_engine(previous)
        if kind == "postgres":
            await _drop_postgres_database(url)
