"""Live updates: one Litestar Channels channel per citizen (`person:<uuid>`), streamed by
`GET /v1/events` while the app is open.

Embedded mode keeps channels in memory (one process runs the API and the jobs). With REDIS_URL the
channels go through Redis pub/sub, so an event published by a worker process reaches the API
process that holds the citizen's stream. Live updates are a courtesy on top of the inbox and the
push, which are the record: publishing never fails the caller, and an event missed while the app
was closed is found in the inbox."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncGenerator, Iterable
from typing import Any

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend

from core.redis_clients import client
from core.settings import load_settings

log = logging.getLogger("motcua.live")

PUBLISH_TIMEOUT = 2.0
RECONNECT_SECONDS = 1.0
# What an event may carry: ids, the status and the rendered texts. Never an ID number or address.
EVENT_FIELDS = ("id", "kind", "dossier_id", "code", "status_code", "title", "body", "at")


def backend_errors() -> tuple[type[BaseException], ...]:
    """What a channels backend raises when its Redis is unreachable."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


def channel_of(person_id: uuid.UUID | str) -> str:
    return f"person:{person_id}"


class ResilientRedisPubSub(RedisChannelsPubSubBackend):
    """The pub/sub backend, kept listening across a Redis restart. The stock backend's reader ends
    at the first connection error, and with it every live stream of this process; redis-py's
    PubSub subscribes its channels again when it reconnects, so reading on after a pause is all
    that is needed."""

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        while True:
            try:
                async for item in super().stream_events():
                    yield item
            except backend_errors() as exc:
                log.warning("live updates: Redis connection lost (%s), reconnecting",
                            type(exc).__name__)
                await asyncio.sleep(RECONNECT_SECONDS)


def _redis_backend(redis_url: str) -> RedisChannelsPubSubBackend:
    # No socket timeout: the stream's reader waits for messages as long as there are none;
    # publishing is bounded by PUBLISH_TIMEOUT instead.
    return ResilientRedisPubSub(redis=client(redis_url, socket_timeout=None))


class LivePlugin(ChannelsPlugin):
    """The app's channels; registers itself while started so publish_to_person can find it."""

    redis_url: str | None = None

    async def _on_startup(self) -> None:
        await super()._on_startup()
        _started.append(self)

    async def subscribe(self, channels: str | Iterable[str], history: int | None = None):
        """As the base, but a failed backend subscription (Redis down) leaves no trace: the base
        would keep the new subscriber listed, and the next stream of that channel would then
        never ask Redis for it."""
        names = [channels] if isinstance(channels, str) else list(channels)
        fresh = [name for name in names if not self._channels.get(name)]
        try:
            return await super().subscribe(names, history)
        except backend_errors():
            for name in fresh:
                self._channels.pop(name, None)
            raise

    async def unsubscribe(self, subscriber, channels: str | Iterable[str] | None = None) -> None:
        try:
            await super().unsubscribe(subscriber, channels)
        except backend_errors() as exc:  # the stream ends anyway; Redis forgets it on reconnect
            log.warning("live updates: unsubscribe failed (%s)", type(exc).__name__)

    async def _on_shutdown(self) -> None:
        if self in _started:
            _started.remove(self)
        await super()._on_shutdown()


def plugins(settings) -> list:
    """The Domain `plugins` hook (app.domains)."""
    if settings.redis_url:
        plugin = LivePlugin(backend=_redis_backend(settings.redis_url),
                            arbitrary_channels_allowed=True)
        plugin.redis_url = settings.redis_url
    else:
        plugin = LivePlugin(backend=MemoryChannelsBackend(), arbitrary_channels_allowed=True)
    return [plugin]


_started: list[LivePlugin] = []  # the plugins of the apps running in this process
_publishers: dict[str, RedisChannelsPubSubBackend] = {}  # worker processes: one per Redis


def _targets() -> list[Any]:
    """Where to publish: each running app's memory channels, and each Redis once (two apps of one
    process on the same Redis must not deliver an event twice). A process with no app (the arq
    worker) publishes to REDIS_URL from its environment."""
    targets: list[Any] = []
    seen: set[str] = set()
    for plugin in _started:
        if plugin.redis_url is None:
            targets.append(plugin._backend)
        elif plugin.redis_url not in seen:
            seen.add(plugin.redis_url)
            targets.append(plugin._backend)
    if not targets:
        redis_url = load_settings().redis_url
        if redis_url:
            if redis_url not in _publishers:
                _publishers[redis_url] = _redis_backend(redis_url)
            targets.append(_publishers[redis_url])
    return targets


def encode(event: dict[str, Any]) -> bytes:
    import msgspec

    return msgspec.json.encode({key: event.get(key) for key in EVENT_FIELDS})


async def publish_to_person(person_id: uuid.UUID | str, event: dict[str, Any]) -> None:
    """Send `event` to the citizen's open streams, if any. Call after commit. Best effort: an
    unreachable Redis is logged and ignored (the inbox and the push carry the event)."""
    data = encode(event)
    for backend in _targets():
        try:
            await asyncio.wait_for(backend.publish(data, [channel_of(person_id)]), PUBLISH_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - never fail the notification over a live update
            log.warning("live update for event %s not published: %s", event.get("id"),
                        type(exc).__name__)
