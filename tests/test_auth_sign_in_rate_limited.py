"""Sign-in and refresh share a per-address limit (MOTCUA_SIGN_IN_RATE_LIMIT per minute)."""

import dataclasses

from tests.auth_helpers import client_with


async def _exhaust(other, limit: int):
    statuses = []
    for _ in range(limit):
        r = await other.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"})
        statuses.append(r.status_code)
    return statuses


async def _assert_limited(other) -> None:
    r = await other.post("/v1/auth/sso", json={"id_token": "x.y.z", "nonce": "n"})
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"].endswith("/rate-limited") and body["status"] == 429
    assert int(r.headers["ratelimit-reset"]) > 0


async def test_too_many_sign_in_attempts_get_429_problem(db, settings):
    async with client_with(dataclasses.replace(settings, sign_in_rate_limit=3)) as other:
        assert await _exhaust(other, 3) == [401, 401, 401]
        await _assert_limited(other)
        # Other endpoints are not limited.
        assert (await other.get("/v1/auth/jwks.json")).status_code == 200


async def test_limit_is_shared_through_redis_when_configured(db, settings, redis_url):
    limited = dataclasses.replace(settings, sign_in_rate_limit=2, redis_url=redis_url)
    async with client_with(limited) as first:
        assert await _exhaust(first, 2) == [401, 401]
    # Another app (think: another worker process) sees the same count.
    async with client_with(limited) as second:
        await _assert_limited(second)
