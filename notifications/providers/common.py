"""What the real push providers share: settings read lazily (a worker may run no app startup),
one httpx client per provider kept open between pushes (HTTP/2 to APNs is one long-lived
connection by design), Retry-After reading, and closing the clients at shutdown."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

import httpx

from core.plugins import Configured
from core.settings import PluginSettings, Settings
from notifications.push import PROVIDERS

S = TypeVar("S", bound=PluginSettings)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class HttpPushProvider(Configured[S]):
    """Base of the providers that talk to a push service over httpx."""

    client_options: dict[str, Any] = {}

    def __init__(self, settings: S | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(settings)
        self._transport = transport  # tests may route the client elsewhere
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self._lock = asyncio.Lock()
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    def configure(self, settings: Settings) -> None:
        """New settings (app startup, a test): credentials cached from old ones are forgotten."""
        super().configure(settings)
        self.forget_credentials()

    def forget_credentials(self) -> None:
        """Drop cached credentials; subclasses keep tokens."""

    @property
    def client(self) -> httpx.AsyncClient:
        # A connection belongs to the event loop that opened it; a process that runs several
        # loops one after another (a CLI command, a restarted worker) opens a new one.
        loop = asyncio.get_running_loop()
        if self._client is None or self._client.is_closed or self._client_loop is not loop:
            self._client = httpx.AsyncClient(timeout=TIMEOUT, transport=self._transport,
                                             **self.client_options)
            self._client_loop = loop
        return self._client

    @property
    def lock(self) -> asyncio.Lock:
        """Serialises credential renewal: concurrent pushes wait for one renewal."""
        loop = asyncio.get_running_loop()
        if self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    async def aclose(self) -> None:
        client, self._client = self._client, None
        # A connection opened in a loop that has ended cannot be closed from this one.
        if client is not None and self._client_loop is asyncio.get_running_loop():
            await client.aclose()


async def close_clients() -> None:
    """Close every provider's open connection (the notifications lifecycle, at shutdown)."""
    for provider in PROVIDERS:
        await provider.aclose()
