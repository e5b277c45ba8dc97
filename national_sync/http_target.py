"""The national portal over HTTP: POST the record as JSON to NATIONAL_SYNC_URL.

2xx is accepted. 408, 429, 5xx and network failures are the portal being unavailable: retried,
after its Retry-After when it sends one. 401/403 and redirects say our configuration (token, URL)
is wrong, not the record: retried too, so no record is lost while an operator fixes it. Any other
4xx means this record will never be accepted as it is: rejected, for an operator to look at."""

from __future__ import annotations

import logging

import httpx

from core.http import retry_after_seconds
from core.settings import Settings
from national_sync.record import NationalRecord
from national_sync.target import SendResult, register

log = logging.getLogger("motcua.national_sync")

TIMEOUT = httpx.Timeout(20.0, connect=5.0)
RETRYABLE = frozenset({408, 425, 429})
MISCONFIGURED = frozenset({401, 403})


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


@register("http")
def http_target(settings: Settings) -> HttpTarget:
    assert settings.national_sync_url
    return HttpTarget(settings.national_sync_url, settings.national_sync_token)
