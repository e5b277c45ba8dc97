"""Startup: partners get the app's settings; in development the sandbox partner's endpoint
(its inbound secret, with which it signs its own callbacks) exists."""

from __future__ import annotations

from typing import Any

from core.settings import Settings
from postal import partner
from postal.webhooks import endpoints


async def ensure_sandbox_endpoint(settings: Settings) -> None:
    if settings.production or not settings.sandbox_providers:
        return
    if await endpoints.get("sandbox") is None:
        try:
            await endpoints.add("sandbox", "")  # never called over HTTP: it lives in-process
        except Exception:  # noqa: BLE001 - another process created it at the same moment
            if await endpoints.get("sandbox") is None:
                raise


async def on_startup(app: Any) -> None:
    partner.configure(app.state.settings)
    await ensure_sandbox_endpoint(app.state.settings)
