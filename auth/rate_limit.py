"""The sign-in limit: MOTCUA_SIGN_IN_RATE_LIMIT requests per minute per client address, shared by
`POST /v1/auth/sso` and `POST /v1/auth/refresh`.

Counted in Redis (one INCR per request, shared by every process) when REDIS_URL is set. In
embedded mode, and whenever Redis does not answer within `REDIS_TIMEOUT`, the count is kept in
the database instead (`sign_in_window`, one upsert per request), with one warning per outage:
the limit holds across processes during an outage; it never opens, and Redis trouble never
becomes an error answer.

The client address is the connecting peer, unless that peer is one of MOTCUA_TRUSTED_PROXIES:
then the proxy's header (MOTCUA_CLIENT_IP_HEADER, X-Forwarded-For by default) is read from the
right, past every trusted proxy, and the first address that is not one is the client. A header
sent by anyone else is ignored, so a client cannot pick its own key."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core import clock
from core.redis_clients import STATE, client, errors
from core.settings import Settings
from models.auth import SignInWindow

log = logging.getLogger("motcua.auth")

WINDOW_SECONDS = 60
REDIS_TIMEOUT = 0.5  # a frozen Redis costs a sign-in this much, then the database counts
PREFIX = "motcua:sign-in-limit:"


@dataclass(frozen=True)
class Verdict:
    count: int  # requests in this window, this one included
    limit: int
    reset_in: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Policy": f"{self.limit}; w={WINDOW_SECONDS}",
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(0, self.limit - self.count)),
            "RateLimit-Reset": str(self.reset_in),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_in)
        return headers


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str, networks: tuple[Any, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, header: str | None, settings: Settings) -> str:
    """The address the limit counts for (see the module's docstring)."""
    networks = _networks(settings.trusted_proxies)
    if not networks or not _trusted(peer, networks) or not header:
        return peer
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop[:64]
    return hops[0][:64] if hops else peer


class SignInLimiter:
    """One per app: its Redis client (or none), counting in the database when Redis fails."""

    def __init__(self, redis_url: str | None) -> None:
        self._redis = client(redis_url, socket_timeout=REDIS_TIMEOUT) if redis_url else None

    async def close(self) -> None:
        if self._redis is not None:
            await asyncio.gather(self._redis.aclose(), return_exceptions=True)

    async def hit(self, address: str, limit: int) -> Verdict:
        now = clock.now().timestamp()  # the one clock, so a test can hold a window still
        window = int(now // WINDOW_SECONDS)
        reset_in = max(1, int((window + 1) * WINDOW_SECONDS - now))
        key = f"{address}:{window}"
        if self._redis is not None:
            try:
                count = await asyncio.wait_for(self._count_in_redis(key), REDIS_TIMEOUT)
                STATE.ok("rate_limit")
                return Verdict(count, limit, reset_in)
            except errors() as exc:
                if STATE.failed("rate_limit"):
                    log.warning("sign-in limit: Redis does not answer (%s); counting in the "
                                "database until it does", type(exc).__name__)
        return Verdict(await _count_in_database(key, now + WINDOW_SECONDS), limit, reset_in)

    async def _count_in_redis(self, key: str) -> int:
        assert self._redis is not None  # called only when a Redis URL is configured
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(PREFIX + key)
            pipe.expire(PREFIX + key, WINDOW_SECONDS + 5)
            count, _ = await pipe.execute()
        return int(count)


async def _count_in_database(key: str, expires: float) -> int:
    """One statement: insert the window's row or add one to it (two processes at once each
    get their own count)."""
    expires_at = dt.datetime.fromtimestamp(expires, dt.UTC)
    rows = await SignInWindow.raw(
        'INSERT INTO "sign_in_window" ("key", "count", "expires_at") VALUES ({}, 1, {}) '
        'ON CONFLICT ("key") DO UPDATE SET "count" = "sign_in_window"."count" + 1 '
        'RETURNING "count"', key, expires_at)
    return int(rows[0]["count"])


async def purge_windows() -> None:
    """Periodic: windows that ended (the table only ever holds the last minute's)."""
    await SignInWindow.delete().where(SignInWindow.expires_at < clock.now())
