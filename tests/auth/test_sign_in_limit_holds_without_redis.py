"""With Redis stopped or frozen, sign-in and refresh still answer (never 500, never a hang) and
the sign-in limit still holds: it is counted in the database until Redis answers again."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime

from resilience_support import own_redis

from tests.auth_helpers import client_with
from tests.frozen_clock import freeze

BOUND = 10.0  # seconds: an answer later than this counts as a hang
# Early in a one-minute window, held there: a frozen Redis costs each attempt half a second,
# and a window that ended mid-test would start the count again.
MOMENT = datetime(2026, 12, 7, 9, 30, 5, tzinfo=UTC)


async def _attempts(client, count: int) -> list[int]:
    statuses = []
    for _ in range(count):
        async with asyncio.timeout(BOUND):
            answer = await client.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"})
        statuses.append(answer.status_code)
    return statuses


async def test_sign_in_with_redis_stopped_is_limited_not_broken(db, settings, tmp_path,
                                                                monkeypatch):
    freeze(monkeypatch, MOMENT)
    async with own_redis(tmp_path) as redis:
        limited = dataclasses.replace(settings, redis_url=redis.url, sign_in_rate_limit=3)
        async with client_with(limited) as client:
            await redis.stop()
            assert await _attempts(client, 3) == [401, 401, 401]
            async with asyncio.timeout(BOUND):
                sso = await client.post("/v1/auth/sso", json={"id_token": "x.y.z", "nonce": "n"})
            assert sso.status_code == 429, sso.text
            assert int(sso.headers["retry-after"]) > 0


async def test_sign_in_with_redis_frozen_answers_and_stays_limited(db, settings, tmp_path,
                                                                   monkeypatch):
    freeze(monkeypatch, MOMENT)
    async with own_redis(tmp_path) as redis:
        limited = dataclasses.replace(settings, redis_url=redis.url, sign_in_rate_limit=2)
        async with client_with(limited) as client:
            redis.freeze()
            try:
                assert await _attempts(client, 3) == [401, 401, 429]
            finally:
                redis.thaw()


async def test_a_second_process_sees_the_count_kept_while_redis_was_away(db, settings, tmp_path,
                                                                          monkeypatch):
    freeze(monkeypatch, MOMENT)
    async with own_redis(tmp_path) as redis:
        limited = dataclasses.replace(settings, redis_url=redis.url, sign_in_rate_limit=2)
        await redis.stop()
        async with client_with(limited) as first:
            assert await _attempts(first, 2) == [401, 401]
        async with client_with(limited) as second:  # another API process, same database
            assert await _attempts(second, 1) == [429]
