"""Catalogue reads answered from memory: Litestar's response cache, keyed for this API.

The catalogue changes a few times a year and is read on every app start and search, so each API
process keeps whole responses (status, headers, body) for `settings.catalogue_cache_seconds`.
A hit skips parameter parsing, the query and the JSON encoding; the request still passes the
request-id, metrics and rate-limit middleware. Only catalogue routes opt in (`cache=True`);
nothing personal is ever cached (they need no sign-in and vary by nothing personal).

The key is the method, path and sorted query, plus what else the answer depends on: the
negotiated language, the day in Viet Nam (a quote is for today's fees) and If-None-Match (a
matching one is answered 304 by the handler, and 304s are not stored). The store keeps at most
`MAX_ENTRIES` responses, dropping the oldest, so a stream of distinct queries cannot grow it
without bound."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request
from litestar.config.response_cache import ResponseCacheConfig
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore

from core.clock import LOCAL, now
from core.i18n import negotiate

MAX_ENTRIES = 2048
STORE_NAME = "response_cache"


class BoundedMemoryStore(MemoryStore):
    """Litestar's memory store, holding at most `max_entries` values (oldest out first)."""

    __slots__ = ("max_entries",)

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__()
        self.max_entries = max_entries

    async def set(self, key: str, value: str | bytes,
                  expires_in: int | timedelta | None = None) -> None:
        await super().set(key, value, expires_in)
        while len(self._store) > self.max_entries:
            self._store.pop(next(iter(self._store)), None)


def cache_key(request: Request) -> str:
    query = "&".join(sorted(request.scope.get("query_string", b"").decode("latin-1").split("&")))
    return "|".join((request.method, request.url.path, query,
                     negotiate(request.headers.get("accept-language")),
                     now().astimezone(LOCAL).date().isoformat(),
                     request.headers.get("if-none-match", "")))


def response_cache(seconds: int) -> ResponseCacheConfig:
    # 0 = off: every entry has expired by the time it is read.
    return ResponseCacheConfig(default_expiration=seconds if seconds > 0 else -1,
                               key_builder=cache_key, store=STORE_NAME)


def stores() -> dict[str, Store]:
    return {STORE_NAME: BoundedMemoryStore()}
