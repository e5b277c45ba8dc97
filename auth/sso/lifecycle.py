"""Start the development identity provider when development sign-in is on, and route the SSO
client's calls to it in-process (see auth.sso.http)."""

from __future__ import annotations

import httpx

from auth.sso import discovery, http, jwks
from auth.sso.dev_provider import DevProvider
from core.settings import Settings


def dev_sign_in_enabled(settings: Settings) -> bool:
    return bool(settings.dev_sign_in) and not settings.production


async def on_startup(app) -> None:
    settings = app.state.settings
    app.state.dev_sso = None
    if not dev_sign_in_enabled(settings):
        return
    provider = DevProvider(settings)
    app.state.dev_sso = provider
    http.mount(provider.issuer, httpx.ASGITransport(app=app))
    # A previous app in this process may have served the same issuer with another key.
    discovery.forget(provider.issuer)
    jwks.forget(provider.metadata()["jwks_uri"])


async def on_shutdown(app) -> None:
    provider = getattr(app.state, "dev_sso", None)
    if provider is not None:
        http.unmount(provider.issuer)
