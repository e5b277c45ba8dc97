"""An operator who stops Redis sees it on /readyz (503, and which uses of Redis are degraded)
and on /metrics (motcua_redis_degraded{use}); once Redis is back and answers, both clear."""

from __future__ import annotations

import asyncio
import dataclasses

from resilience_support import own_redis

from tests.auth_helpers import client_with


async def _refresh(client) -> int:
    async with asyncio.timeout(10):
        answer = await client.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"})
    return answer.status_code


async def test_readyz_and_metrics_name_the_degraded_uses(db, settings, tmp_path):
    async with own_redis(tmp_path) as redis:
        async with client_with(dataclasses.replace(settings, redis_url=redis.url)) as client:
            assert await _refresh(client) == 401
            await redis.stop()
            assert await _refresh(client) == 401  # counted in the database meanwhile
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            body = ready.json()
            assert body["checks"]["queue"].startswith("error")
            assert "rate_limit" in body["degraded"]
            metrics = (await client.get("/metrics")).text
            assert 'motcua_redis_degraded{use="rate_limit"} 1.0' in metrics

            await redis.start()
            assert await _refresh(client) == 401
            ready = await client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert "rate_limit" not in ready.json()["degraded"]
            metrics = (await client.get("/metrics")).text
            assert 'motcua_redis_degraded{use="rate_limit"} 0.0' in metrics
