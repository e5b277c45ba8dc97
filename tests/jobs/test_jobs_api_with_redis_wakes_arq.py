"""With REDIS_URL the API process runs no jobs itself: it queues an arq wake after each commit,
and its readiness reflects Redis."""

from __future__ import annotations

from asgi_lifespan import LifespanManager
from click.testing import CliRunner
from outbox_support import with_redis
from redis.asyncio import Redis

from app.factory import create_app
from core.db import current_engine, transaction
from jobs import outbox
from jobs.runtime import ArqRuntime


async def test_api_with_redis_queues_wakes_for_the_worker(db, settings, redis_url):
    app = create_app(with_redis(settings, redis_url), engine=current_engine())
    async with LifespanManager(app):
        assert isinstance(app.state.jobs, ArqRuntime)
        assert await app.state.jobs.ready()
        async with transaction():
            event_id = await outbox.enqueue("test.record", {"n": 1})
    redis = Redis.from_url(redis_url)
    try:
        assert await redis.exists(f"arq:job:outbox:{event_id}") == 1
    finally:
        await redis.aclose()


def test_worker_command_without_redis_explains_embedded_mode(monkeypatch):
    from app.cli import main

    monkeypatch.delenv("REDIS_URL", raising=False)
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output
