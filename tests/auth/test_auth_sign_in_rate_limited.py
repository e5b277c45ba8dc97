"""Sign-in and refresh share a per-address limit (MOTCUA_SIGN_IN_RATE_LIMIT per minute)."""

import dataclasses
from datetime import UTC, datetime

import pytest

from tests.auth_helpers import client_with
from tests.frozen_clock import freeze


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every attempt of a test falls in the same one-minute window, wherever the wall clock is."""
    freeze(monkeypatch, datetime(2026, 12, 7, 9, 30, 5, tzinfo=UTC))


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


async def test_the_429_says_when_to_retry(db, settings):
    async with client_with(dataclasses.replace(settings, sign_in_rate_limit=1)) as other:
        assert await _exhaust(other, 1) == [401]
        limited = await other.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"})
        assert limited.status_code == 429
        assert 0 < int(limited.headers["retry-after"]) <= 60


async def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(db, settings):
    # The test client connects from 127.0.0.1: here, the reverse proxy.
    behind = dataclasses.replace(settings, sign_in_rate_limit=2,
                                 trusted_proxies=("127.0.0.1/32",))
    async with client_with(behind) as proxy:
        def refresh(forwarded: str):
            return proxy.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"},
                              headers={"X-Forwarded-For": forwarded})

        assert [(await refresh("203.0.113.7")).status_code for _ in range(3)] == [401, 401, 429]
        # Another citizen behind the same proxy is not held back by the first one.
        assert (await refresh("198.51.100.20")).status_code == 401
        # A client cannot choose its key: the rightmost untrusted hop counts, not its claim.
        assert (await refresh("198.51.100.99, 203.0.113.7")).status_code == 429


async def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(db, settings):
    async with client_with(dataclasses.replace(settings, sign_in_rate_limit=1)) as other:
        first = await other.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"},
                                 headers={"X-Forwarded-For": "198.51.100.1"})
        second = await other.post("/v1/auth/refresh", json={"refresh_token": "rt_unknown"},
                                  headers={"X-Forwarded-For": "198.51.100.2"})
        assert (first.status_code, second.status_code) == (401, 429)
