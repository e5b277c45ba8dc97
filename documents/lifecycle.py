"""Startup of the documents domain: the settings the signer and the verify address follow."""

from __future__ import annotations

from documents import issuing


async def on_startup(app) -> None:
    issuing.configure(app.state.settings)
