"""Outbound HTTP to identity providers: short timeouts, no redirects, and an optional in-process
transport per URL prefix (the development provider lives inside this very app, so calling it over
the network would need the server to call itself — and with several workers, another worker)."""

from __future__ import annotations

from typing import Any

import httpx

from auth.sso.problems import SsoUnavailable

TIMEOUT = httpx.Timeout(5.0, connect=3.0)
_mounted: dict[str, httpx.AsyncBaseTransport] = {}


def mount(prefix: str, transport: httpx.AsyncBaseTransport) -> None:
    _mounted[prefix.rstrip("/") + "/"] = transport


def unmount(prefix: str) -> None:
    _mounted.pop(prefix.rstrip("/") + "/", None)


def _client(url: str) -> httpx.AsyncClient:
    transport = next((t for p, t in _mounted.items() if url.startswith(p)), None)
    return httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False, transport=transport)


def unreachable(url: str, why: str) -> SsoUnavailable:
    # The URL is the provider's, never the user's: safe to name in the problem.
    return SsoUnavailable(detail={"vi": f"Không truy cập được {url}: {why}",
                                  "en": f"Could not fetch {url}: {why}"})


async def get_json(url: str) -> dict[str, Any]:
    """GET a JSON object, or SsoUnavailable for anything that is not one."""
    try:
        async with _client(url) as http:
            response = await http.get(url, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise unreachable(url, type(exc).__name__) from None
    if response.status_code != 200:
        raise unreachable(url, f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        raise unreachable(url, "not JSON") from None
    if not isinstance(body, dict):
        raise unreachable(url, "not a JSON object")
    return body


async def post_form(
    url: str, data: dict[str, str], auth: tuple[str, str] | None = None
) -> httpx.Response:
    try:
        async with _client(url) as http:
            return await http.post(url, data=data, auth=auth or httpx.USE_CLIENT_DEFAULT,
                                   headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise unreachable(url, type(exc).__name__) from None
