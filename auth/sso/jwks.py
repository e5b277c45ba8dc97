"""The identity provider's signing keys, by `kid`, fetched over httpx and cached.

- Stale-if-error: once keys have been fetched, an outage of the provider does not stop sign-in;
  the last good set keeps verifying tokens until the provider answers again.
- An unknown `kid` (the provider rotated its key) triggers one refetch, but at most one per
  `REFETCH_INTERVAL`: otherwise anyone could make us hammer the provider by sending tokens with
  random `kid`s.

Parsing is pyjwt's (PyJWKSet); fetching is ours because PyJWKClient is synchronous."""

from __future__ import annotations

import asyncio
import logging
import time

from jwt import PyJWK, PyJWKSet
from jwt.exceptions import PyJWKSetError

from auth.sso.http import get_json, unreachable
from auth.sso.problems import InvalidIdToken, SsoUnavailable

ALLOWED_ALGORITHMS = ("RS256", "ES256")  # pinned here, never taken from a token
MAX_AGE = 3600.0  # refresh a known-good set this often, to drop retired keys
REFETCH_INTERVAL = 30.0

log = logging.getLogger("motcua.sso")


def monotonic() -> float:  # module-level so tests can move the clock
    return time.monotonic()


class JwksCache:
    def __init__(self, jwks_uri: str) -> None:
        self.jwks_uri = jwks_uri
        self.keys: dict[str | None, PyJWK] = {}
        self.fetched_at: float | None = None  # last successful fetch
        self.attempted_at: float | None = None  # last attempt, successful or not
        self.fetch_count = 0
        self._lock = asyncio.Lock()

    async def key_for(self, kid: str | None) -> PyJWK:
        if self.fetched_at is None or monotonic() - self.fetched_at > MAX_AGE:
            await self._refresh()
        key = self._lookup(kid)
        if key is None:
            await self._refresh()
            key = self._lookup(kid)
        if key is None and not self.keys:
            raise unreachable(self.jwks_uri, "no keys fetched yet")
        if key is None:
            raise InvalidIdToken(
                detail={"vi": "Khóa ký không có trong JWKS của cổng định danh.",
                        "en": "The signing key is not in the identity provider's JWKS."},
                extra={"reason": "unknown-key"},
            )
        return key

    def _lookup(self, kid: str | None) -> PyJWK | None:
        if kid is None and len(self.keys) == 1:
            # OIDC Core 10.1: kid may be omitted when the provider publishes a single key.
            return next(iter(self.keys.values()))
        return self.keys.get(kid) if kid is not None else None

    async def _refresh(self) -> None:
        async with self._lock:
            now = monotonic()
            if self.attempted_at is not None and now - self.attempted_at < REFETCH_INTERVAL:
                return  # someone just fetched (or just failed to): serve what we have
            self.attempted_at = now
            try:
                body = await get_json(self.jwks_uri)
                self.fetch_count += 1
                self.keys = _usable_keys(self.jwks_uri, body)
                self.fetched_at = now
            except SsoUnavailable as exc:
                if not self.keys:
                    raise
                log.warning("JWKS refresh failed (%s); still verifying with cached keys",
                            exc.detail.get("en") if isinstance(exc.detail, dict) else exc)


def _usable_keys(url: str, body: dict) -> dict[str | None, PyJWK]:
    try:
        parsed = PyJWKSet.from_dict(body)
    except PyJWKSetError as exc:
        raise unreachable(url, str(exc)) from None
    keys = {
        key.key_id: key
        for key in parsed.keys
        if key.algorithm_name in ALLOWED_ALGORITHMS and key.public_key_use in (None, "sig")
    }
    if not keys:
        raise unreachable(url, "no RS256/ES256 signing key")
    return keys


_caches: dict[str, JwksCache] = {}


def cache_for(jwks_uri: str) -> JwksCache:
    return _caches.setdefault(jwks_uri, JwksCache(jwks_uri))


def forget(jwks_uri: str | None = None) -> None:
    if jwks_uri is None:
        _caches.clear()
    else:
        _caches.pop(jwks_uri, None)
