"""Startup of the dossiers domain: dossier files go to the configured data directory."""

from __future__ import annotations

from dossiers.storage import storage_for, use_storage


async def on_startup(app) -> None:
    use_storage(storage_for(app.state.settings))
