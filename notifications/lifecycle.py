"""Startup: the push job and the providers learn the app's settings (which credentials are
configured, whether the sandbox may stand in)."""

from __future__ import annotations

from typing import Any

from notifications import settings_hook
from notifications.push import PROVIDERS


async def on_startup(app: Any) -> None:
    settings = app.state.settings
    settings_hook.configure(settings)
    for provider in PROVIDERS:
        provider.configure(settings)


async def on_shutdown(app: Any) -> None:
    from notifications.providers.common import close_clients

    await close_clients()  # the providers' kept-open connections to FCM and APNs
