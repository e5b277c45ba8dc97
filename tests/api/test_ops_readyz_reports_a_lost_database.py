"""/readyz tells a load balancer to stop sending traffic when the database is gone: 503 with the
failing check named, while /healthz (the process itself) still answers."""

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager

from core.db import close_engine, current_engine, engine_from_url, open_engine, use_engine
from core.db.migrate import migrate
from core.settings import Settings
from tests.conftest import PG_ADMIN_DSN, _fresh_postgres_database


@pytest.fixture
async def own_postgres():
    """A database of this test's own (dropped by the test), leaving the session's engine bound."""
    previous = current_engine()
    url = await _fresh_postgres_database()
    engine = engine_from_url(url)
    use_engine(engine)
    await open_engine(engine)
    try:
        await migrate()
        yield url, engine
    finally:
        await close_engine(engine)
        use_engine(previous)
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        finally:
            await admin.close()


async def test_readyz_is_unavailable_once_the_database_is_gone(own_postgres, tmp_path):
    from app.factory import create_app

    url, engine = own_postgres
    app = create_app(Settings(database_url=url, data_dir=tmp_path), engine=engine)
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert (await http.get("/readyz")).status_code == 200

            admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
            try:
                await admin.execute(f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
            finally:
                await admin.close()

            r = await http.get("/readyz")
            assert r.status_code == 503
            assert r.json()["status"] == "unavailable"
            assert r.json()["checks"]["database"].startswith("error")
            assert (await http.get("/healthz")).status_code == 200
