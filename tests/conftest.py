"""Test fixtures.

Every test that asks for `db` (directly or through `client`) runs twice: on embedded SQLite and on
PostgreSQL. Under CI=true a database or Redis that cannot be reached fails the run; elsewhere its
tests are skipped with the reason.

The app is driven in the test's own event loop (httpx's ASGITransport plus asgi-lifespan), not
through Litestar's AsyncTestClient, which runs the app on another thread and loop: a test can then
query the database directly while the app holds its PostgreSQL pool."""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager

from app.domains import all_job_specs
from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.db.migrate import migrate
from core.settings import Settings
from jobs.publish import use_subscribers

PG_ADMIN_DSN = os.environ.get("MOTCUA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Each test builds its own app: a few hundred thousand objects, most of them in reference cycles.
# Under the default thresholds (700, 10, 10) the collector ran a full pass every few tests and
# took a fifth of the suite's CPU time; with these it runs a tenth as often (measured on three
# API test files: collector time 4.6 s -> 0.5 s, whole process 22 s -> 18 s of CPU).
gc.set_threshold(50_000, 20, 20)
# Set by pytest-xdist in each of its worker processes (`./dev test` runs the whole suite on two).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _redis_of_this_process(url: str) -> str:
    """Worker n of a parallel run flushes its own database: the given one plus n (minus n
    where that would pass Redis's 16 databases)."""
    if not XDIST_WORKER.startswith("gw"):
        return url
    index = int(XDIST_WORKER[2:])
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base + index if base + index <= 15 else base - index
    return urlunsplit(parts._replace(path=f"/{number}"))


REDIS_URL = _redis_of_this_process(
    os.environ.get("MOTCUA_TEST_REDIS", "redis://127.0.0.1:6379/15"))

# Tests that must share one worker of a parallel run: Redis pub/sub channels are not separated by
# database (two workers would hear each other's change and live-event messages), and a session-
# or module-scoped fixture (a localstripe server, a generated client, an npm install) is better
# made once than once per worker.
_SHARED = (("redis_url", "shared-redis"), ("localstripe", "localstripe"))


@cache
def _xdist_group(path: Path) -> str | None:
    text = path.read_text()
    for needle, group in _SHARED:
        if needle in text:
            return group
    if 'scope="module"' in text or 'scope="session"' in text:
        return path.stem
    return None


def pytest_collection_modifyitems(config, items) -> None:
    if not XDIST_WORKER:
        return  # the marker is pytest-xdist's, read only by its `--dist loadgroup`
    for item in items:
        group = _xdist_group(item.path)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


def unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not reachable: {type(error).__name__}: {error}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(message)


async def _fresh_postgres_database() -> str:
    name = f"motcua_test_{uuid.uuid4().hex[:10]}"
    try:
        conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        unavailable("PostgreSQL", exc)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"


async def _drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session", autouse=True)
def subscribers() -> None:
    """What a test publishes reaches the jobs of every domain, as in a started process (the
    app's runtime, the worker and the `motcua` command hand them over when they start)."""
    use_subscribers(all_job_specs())


@pytest_asyncio.fixture(scope="session", params=["sqlite", "postgres"])
async def database(request, tmp_path_factory) -> AsyncIterator[str]:
    """A migrated, empty database of each kind for the whole session. Yields its URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'motcua.sqlite3'}"
    else:
        url = await _fresh_postgres_database()
    engine = engine_from_url(url)
    use_engine(engine)
    await open_engine(engine)
    try:
        await migrate()
        yield url
    finally:
        await close_engine(engine)
        if request.param == "postgres":
            await _drop_postgres_database(url)


@pytest_asyncio.fixture
async def db(database: str) -> AsyncIterator[str]:
    """The current test's database, emptied of rows before the test."""
    from core.db import current_engine
    from models import all_tables

    engine = current_engine()
    use_engine(engine)  # another session-scoped param may have rebound the tables
    names = [table._meta.tablename for table in all_tables()]
    from piccolo.querystring import QueryString

    # Only the tables the previous test wrote to: one round trip to find them is much cheaper
    # than truncating every table (each TRUNCATE replaces files on PostgreSQL).
    probe = " UNION ALL ".join(
        f"SELECT '{n}' AS name WHERE EXISTS (SELECT 1 FROM \"{n}\")" for n in names
    )
    used = {row["name"] for row in await engine.run_querystring(QueryString(probe))}
    dirty = [n for n in names if n in used]
    if dirty and engine.engine_type == "postgres":
        joined = ", ".join(f'"{n}"' for n in dirty)
        await engine.run_querystring(QueryString(f"TRUNCATE {joined} RESTART IDENTITY CASCADE"))
    elif dirty:
        async with engine.transaction():
            for name in reversed(dirty):
                await engine.run_querystring(QueryString(f'DELETE FROM "{name}"'))
    yield database


@pytest.fixture
def settings(database: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database,
        data_dir=tmp_path,
        public_base_url="http://testserver",
    )


@pytest_asyncio.fixture
async def app(db: str, settings: Settings):
    from app.factory import create_app
    from core.db import current_engine

    application = create_app(settings, engine=current_engine())
    async with LifespanManager(application, startup_timeout=30, shutdown_timeout=30):
        yield application


@pytest_asyncio.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    """httpx over the app, every answer checked against the OpenAPI document
    (tests/contract_support.py)."""
    from contract_support import CheckedTransport

    transport = CheckedTransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest_asyncio.fixture
async def redis_url() -> AsyncIterator[str]:
    """A real Redis (MOTCUA_TEST_REDIS, database 15 unless set; flushed)."""
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except Exception as exc:  # noqa: BLE001
        await redis.aclose()
        unavailable("Redis", exc)
    await redis.flushdb()
    try:
        yield REDIS_URL
    finally:
        await redis.flushdb()
        await redis.aclose()


@pytest.fixture
def clean_push_sandbox():
    """The sandbox push provider's record of sent pushes, empty before and after the test."""
    from notifications.providers import sandbox

    sandbox.clear()
    yield sandbox
    sandbox.clear()
