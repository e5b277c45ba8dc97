"""A small client for a Stripe-compatible HTTP API over httpx (not the stripe SDK).

Requests are form-encoded with Stripe's bracket notation (`metadata[attempt]=…`,
`payment_method_types[]=card`) and carry the secret key as a Bearer token. Every request has a
timeout. A request is retried only when repeating it cannot charge twice: GETs, and POSTs that
carry an `Idempotency-Key` (the platform answers a repeated key with the first result)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import httpx

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://api.stripe.com"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
ATTEMPTS = 3
RETRY_STATUSES = frozenset({409, 429, 500, 502, 503, 504})


class StripeError(Exception):
    """The platform refused the request (4xx) or could not be reached after the retries."""

    def __init__(self, status: int | None, code: str = "", message: str = "") -> None:
        super().__init__(f"stripe {status}: {code or message or 'unreachable'}")
        self.status = status
        self.code = code
        self.message = message

    @property
    def unreachable(self) -> bool:
        return self.status is None or self.status >= 500 or self.status == 429


def form_pairs(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Flatten nested dicts and lists into Stripe's bracket notation."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs.extend(form_pairs(value, name))
        elif isinstance(value, (list, tuple)):
            pairs.extend((f"{name}[]", _scalar(item)) for item in value)
        else:
            pairs.append((name, _scalar(value)))
    return pairs


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def path_id(value: str) -> str:
    """An object id placed in a path: never lets a stored value add path segments."""
    return quote(value, safe="")


class StripeClient:
    def __init__(self, base_url: str | None, api_key: str, *,
                 transport: httpx.AsyncBaseTransport | None = None,
                 attempts: int = ATTEMPTS, backoff: float = 0.3) -> None:
        self.base_url = (base_url or DEFAULT_BASE).rstrip("/")
        self.api_key = api_key
        self.transport = transport
        self.attempts = attempts
        self.backoff = backoff

    async def get(self, path: str) -> dict[str, Any]:
        return await self._send("GET", path, None, None)

    async def post(self, path: str, data: Mapping[str, Any] | None = None, *,
                   idempotency_key: str | None = None) -> dict[str, Any]:
        return await self._send("POST", path, data or {}, idempotency_key)

    async def _send(self, method: str, path: str, data: Mapping[str, Any] | None,
                    idempotency_key: str | None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}
        content = None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            content = urlencode(form_pairs(data)).encode()
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        safe = method == "GET" or bool(idempotency_key)
        tries = self.attempts if safe else 1
        async with httpx.AsyncClient(base_url=self.base_url, timeout=TIMEOUT,
                                     transport=self.transport) as http:
            for attempt in range(1, tries + 1):
                try:
                    answer = await http.request(method, path, content=content, headers=headers)
                except httpx.TransportError as exc:
                    # The request may or may not have reached the platform: only a safe one
                    # is sent again.
                    log.warning("card platform %s %s failed: %s", method, path,
                                type(exc).__name__)
                    if attempt == tries:
                        raise StripeError(None, "network", type(exc).__name__) from exc
                else:
                    if answer.status_code < 400:
                        return answer.json()
                    error = _error_of(answer)
                    if not _retryable(answer) or attempt == tries:
                        raise error
                    log.warning("card platform %s %s answered %s, retrying", method, path,
                                answer.status_code)
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover


def _retryable(answer: httpx.Response) -> bool:
    # Stripe says explicitly when a retry is (not) worth it; otherwise go by the status.
    hint = answer.headers.get("Stripe-Should-Retry")
    if hint is not None:
        return hint.strip().lower() == "true"
    return answer.status_code in RETRY_STATUSES


def _error_of(answer: httpx.Response) -> StripeError:
    try:
        body = answer.json().get("error") or {}
    except ValueError:
        body = {}
    return StripeError(answer.status_code, str(body.get("code") or body.get("type") or ""),
                       str(body.get("message") or ""))
