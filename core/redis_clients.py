"""Redis clients with the same manners everywhere: the sign-in limit, the change bus, live
updates, the arq pool and the workers' wake-ups all connect through `client(...)`.

Redis may be stopped, frozen or restarted empty at any moment; nothing here may turn that into a
hang or an error answer. So every client has a connect timeout and a socket timeout (a frozen
server stalls a command for at most that long), a dropped connection is retried a couple of
times with a short exponential backoff (a restarted server answers the second try), and every
caller decides what Redis being away means for it (read through, fall back to the database,
leave the work to the outbox sweep). `STATE` records the last outcome per use, for /readyz and
/metrics."""

from __future__ import annotations

import time
from typing import Any

CONNECT_TIMEOUT = 1.0
SOCKET_TIMEOUT = 2.0
RETRIES = 2  # after a dropped connection: a restarted Redis answers a fresh one


def client(url: str, *, socket_timeout: float | None = SOCKET_TIMEOUT, cls: Any = None,
           **options: Any) -> Any:
    """A redis.asyncio client (or `cls`, e.g. arq's ArqRedis) for `url`. `socket_timeout`
    must exceed any blocking command's own wait (None: a pub/sub reader, which waits with
    its own timeouts)."""
    from redis.asyncio import Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError

    return (cls or Redis).from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=socket_timeout,
        # Only a refused or dropped connection is retried: a timeout already waited its share,
        # and retrying it would multiply the stall a frozen server causes.
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), RETRIES),
        retry_on_error=[RedisConnectionError, ConnectionResetError],
        health_check_interval=15,  # an idle pooled connection is pinged before reuse
        **options,
    )


def errors() -> tuple[type[BaseException], ...]:
    """What a client raises when Redis is away or frozen."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError)


class Health:
    """Per use of Redis ("rate_limit", "changes", "wakes", ...): did the last call work. Also
    on /metrics: `motcua_redis_degraded{use}` (1 while failing) and
    `motcua_redis_failures_total{use}`."""

    def __init__(self) -> None:
        from prometheus_client import Counter, Gauge

        self._failing_since: dict[str, float] = {}
        self._known: set[str] = set()
        self._gauge = Gauge("motcua_redis_degraded", "1 while this use of Redis fails",
                            ["use"], multiprocess_mode="livemax")
        self._failures = Counter("motcua_redis_failures", "Redis calls that failed, by use",
                                 ["use"])

    def ok(self, use: str) -> None:
        if use not in self._known or use in self._failing_since:
            self._gauge.labels(use).set(0)
        self._known.add(use)
        self._failing_since.pop(use, None)

    def failed(self, use: str) -> bool:
        """Record a failure; True when this starts an outage (log it once, not per call)."""
        self._known.add(use)
        self._failures.labels(use).inc()
        if use in self._failing_since:
            return False
        self._failing_since[use] = time.monotonic()
        self._gauge.labels(use).set(1)
        return True

    def degraded(self) -> dict[str, float]:
        """Uses failing now, with seconds since their first failure."""
        now = time.monotonic()
        return {use: now - since for use, since in self._failing_since.items()}

    def known(self) -> set[str]:
        return set(self._known)


STATE = Health()
