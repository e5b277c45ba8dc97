"""OpenID Provider discovery (OpenID Connect Discovery 1.0), cached per issuer.

The metadata changes rarely; it is refreshed after `MAX_AGE` and, if the provider is down at that
moment, the last good copy keeps serving (stale-if-error)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from auth.sso.http import get_json, unreachable
from auth.sso.problems import SsoUnavailable
from core.settings import Settings

MAX_AGE = 3600.0
RETRY_AFTER_ERROR = 60.0
DEV_ISSUER_PATH = "/dev-sso"


def configured_issuer(settings: Settings) -> str:
    """SSO_ISSUER, or in development without one, the built-in development provider."""
    if settings.sso_issuer:
        return settings.sso_issuer
    if settings.dev_sign_in and not settings.production:
        return dev_issuer(settings)
    raise SsoUnavailable(detail={"vi": "Chưa cấu hình cổng định danh (SSO_ISSUER).",
                                 "en": "No identity provider is configured (SSO_ISSUER)."})


def dev_issuer(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/") + DEV_ISSUER_PATH


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    jwks_uri: str
    token_endpoint: str | None
    authorization_endpoint: str | None
    token_endpoint_auth_methods: tuple[str, ...]


def _parse(issuer: str, url: str, body: dict) -> ProviderMetadata:
    # Discovery 4.3: the issuer in the document must be exactly the one we asked about.
    if body.get("issuer") != issuer:
        raise unreachable(url, "issuer in the metadata does not match")
    if not isinstance(body.get("jwks_uri"), str):
        raise unreachable(url, "no jwks_uri")
    methods = body.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return ProviderMetadata(
        issuer=issuer,
        jwks_uri=body["jwks_uri"],
        token_endpoint=body.get("token_endpoint"),
        authorization_endpoint=body.get("authorization_endpoint"),
        token_endpoint_auth_methods=tuple(str(m) for m in methods),
    )


class _Entry:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.metadata: ProviderMetadata | None = None
        self.fetched_at = 0.0


_cache: dict[str, _Entry] = {}


async def discover(issuer: str) -> ProviderMetadata:
    entry = _cache.setdefault(issuer, _Entry())
    if entry.metadata and time.monotonic() - entry.fetched_at < MAX_AGE:
        return entry.metadata
    async with entry.lock:
        if entry.metadata and time.monotonic() - entry.fetched_at < MAX_AGE:
            return entry.metadata
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            entry.metadata = _parse(issuer, url, await get_json(url))
        except SsoUnavailable:
            if entry.metadata is None:
                raise
            # Keep the stale copy; retry after RETRY_AFTER_ERROR, not on every sign-in.
            entry.fetched_at = time.monotonic() - MAX_AGE + RETRY_AFTER_ERROR
            return entry.metadata
        entry.fetched_at = time.monotonic()
        return entry.metadata


def forget(issuer: str | None = None) -> None:
    """Drop cached metadata (tests; an operator changing SSO_ISSUER restarts anyway)."""
    if issuer is None:
        _cache.clear()
    else:
        _cache.pop(issuer, None)
