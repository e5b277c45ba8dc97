"""The national portal over HTTP: POST the record as JSON to NATIONAL_SYNC_URL.

2xx is accepted. 408, 429, 5xx and network failures are the portal being unavailable: retried,
after its Retry-After when it sends one. 401/403 and redirects say our configuration (token, URL)
is wrong, not the record: retried too, so no record is lost while an operator fixes it. Any other
4xx means this record will never be accepted as it is: rejected, for an operator to look at."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from core.http import retry_after_seconds
from core.plugins import Configured
from core.settings import PluginSettings, Settings
from national_sync.record import NationalRecord
from national_sync.target import TARGETS, SendResult

log = logging.getLogger("motcua.national_sync")

TIMEOUT = httpx.Timeout(20.0, connect=5.0)
RETRYABLE = frozenset({408, 425, 429})
MISCONFIGURED = frozenset({401, 403})


@dataclass(frozen=True)
class NationalSyncSettings(PluginSettings):
    """NATIONAL_SYNC_URL (the portal's dossier sync endpoint), NATIONAL_SYNC_TOKEN (bearer)."""

    prefix = "NATIONAL_SYNC_"
    url: str | None = None
    token: str | None = None

    def development_features(self, core: Settings) -> list[str]:
        if self.url:
            return []
        return ["no national portal sync endpoint (NATIONAL_SYNC_URL): records stay local"]

    def missing_settings(self, core: Settings) -> list[str]:
        # Production says so among its development features; elsewhere, with the sandbox off,
        # every worker would fail at startup (and granian would start them again, forever).
        if self.url or core.sandbox_providers or core.production:
            return []
        return ["no national portal sync endpoint (NATIONAL_SYNC_URL): with the sandbox off "
                "(MOTCUA_SANDBOX_PROVIDERS) status records have nowhere to go"]


class HttpTarget:
    name = "http"

    def __init__(self, url: str, token: str | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.url = url
        self.client = httpx.AsyncClient(timeout=TIMEOUT, headers=headers, transport=transport,
                                        follow_redirects=False)

    async def send(self, record: NationalRecord) -> SendResult:
        try:
            response = await self.client.post(
                self.url, json=record.envelope(),
                # Lets the portal (or a proxy) drop a duplicate of a record it already has.
                headers={"Idempotency-Key": f"{record.dossier_id}:{record.sequence}"},
            )
        except httpx.HTTPError as exc:  # connect/read timeouts, refused or reset connections
            return SendResult.retry(f"national portal unreachable: {type(exc).__name__}")
        status = response.status_code
        if 200 <= status < 300:
            return SendResult.accepted(status)
        if status in RETRYABLE or status >= 500:
            return SendResult.retry(f"national portal answered HTTP {status}",
                                    retry_after_seconds(response.headers.get("Retry-After")),
                                    status)
        if status in MISCONFIGURED or 300 <= status < 400:
            log.error("national portal refused our request (HTTP %s): check NATIONAL_SYNC_URL "
                      "and NATIONAL_SYNC_TOKEN", status)
            return SendResult.retry(f"national portal answered HTTP {status}", None, status)
        return SendResult.rejected(status, response.text[:2000])

    async def close(self) -> None:
        await self.client.aclose()


class HttpTargets(Configured[NationalSyncSettings]):
    name = "http"
    settings_class = NationalSyncSettings

    def configured(self, settings: Settings) -> bool:
        return bool(settings.section(NationalSyncSettings).url)

    def build(self, settings: Settings) -> HttpTarget:
        own = settings.section(NationalSyncSettings)
        assert own.url
        return HttpTarget(own.url, own.token)


TARGETS.register(HttpTargets())
