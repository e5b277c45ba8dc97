"""Startup of national sync: the target follows this app's settings."""

from __future__ import annotations

from national_sync.target import target_for, use_target


async def on_startup(app) -> None:
    await use_target(target_for(app.state.settings))


async def on_shutdown(app) -> None:
    await use_target(None)
