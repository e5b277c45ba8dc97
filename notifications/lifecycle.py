"""Startup: the push job learns the app's settings (which providers are configured, whether the
sandbox may stand in)."""

from __future__ import annotations

from typing import Any

from notifications import settings_hook


async def on_startup(app: Any) -> None:
    settings_hook.configure(app.state.settings)
