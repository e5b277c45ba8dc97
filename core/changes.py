"""Telling every process that rows changed, so that what each keeps in memory is forgotten.

Caches of rows (core/cache.py) are per process; production runs several API processes, plus
workers and CLI commands that write. Whoever changes a cached row calls

    await changes.announce("dossier", dossier_id)

inside the `core.db.transaction()` of the write (or right after an autocommit write). Once the
transaction commits, this process's caches forget the key at once (so a client's next request to
the same process reads its own write), and one message on the Redis channel `motcua:changes`
tells the other processes. A rollback announces nothing.

A process serves from its caches only while it is subscribed to that channel: without Redis
(embedded mode), while Redis is down, or when the subscription stops answering pings, every cache
reads through to the database, and on (re)subscribing every cache is emptied first, because
messages sent in the meantime are lost. A message lost by Redis while both ends stay connected
is the one gap left; every entry also expires after its cache's time to live, which bounds it.

A transaction's announcements go out together after its commit, and under load the
announcements of many commits share one message (one Redis round trip); the writer waits until
its message is sent, so once a write's answer is on its way every process has been told — but
never longer than `WRITER_WAIT`: a frozen Redis must not hold writes. A message that takes longer
still goes out in the background, and a subscription that stops answering pings for
`SILENT_LIMIT` seconds turns the caches of its process off, which bounds what a freeze can serve.

The wire format is JSON: {"sender": "<process token>", "changes": [{"kind": "dossier",
"keys": ["<id>", ...]}, ...]}; keys are strings. A process ignores its own messages (it forgot
those keys when it committed; forgetting again would only throw away fresh reads)."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any

from core.db import after_commit, in_transaction, on_engine_change, transaction_scratch
from core.redis_clients import STATE, client

log = logging.getLogger("motcua.changes")

CHANNEL = "motcua:changes"
PING_EVERY = 1.0  # seconds between pings on an idle subscription
SILENT_LIMIT = 3.0  # no message or pong for this long: the subscription counts as lost
PUBLISH_TIMEOUT = 2.0
WRITER_WAIT = 0.25  # the longest a write waits for its announcement to leave

Forget = Callable[[str], None]  # told one key of its kind changed
Reset = Callable[[], None]  # told to forget everything


class ChangeBus:
    """One per process (`BUS`): local listeners by kind, and the Redis subscription."""

    def __init__(self) -> None:
        self._forget: dict[str, list[Forget]] = {}
        self._reset: list[Reset] = []
        self._redis: Any = None
        self._task: asyncio.Task | None = None
        self._users = 0  # apps of this process that started the bus (tests run several)
        self.sender = secrets.token_hex(8)
        self._outgoing: list[tuple[dict[str, list[str]], asyncio.Future]] = []
        self._sender: asyncio.Task | None = None
        self.connected = False  # subscribed and answering: caches may serve

    def listen(self, kind: str, forget: Forget, reset: Reset) -> None:
        self._forget.setdefault(kind, []).append(forget)
        self._reset.append(reset)

    def forget_here(self, kind: str, keys: Iterable[str]) -> None:
        for forget in self._forget.get(kind, ()):
            for key in keys:
                forget(key)

    def reset_here(self) -> None:
        for reset in self._reset:
            reset()

    async def start(self, redis_url: str | None, *, subscribe: bool = True) -> None:
        """Connect to Redis (publishing), and subscribe unless this process keeps no caches
        (a CLI command). Without `redis_url` nothing is shared and caches stay off."""
        if redis_url is None:
            return
        self._users += 1
        if self._redis is None:
            self._redis = client(redis_url, socket_timeout=PUBLISH_TIMEOUT)
        if subscribe and self._task is None:
            self._task = asyncio.create_task(self._subscription(redis_url), name="change-bus")

    async def stop(self) -> None:
        if self._users > 1:
            self._users -= 1
            return
        self._users = 0
        self._set_connected(False)
        if self._sender is not None:
            # What was announced just before (a CLI command's writes) still goes out.
            await asyncio.wait([self._sender], timeout=PUBLISH_TIMEOUT)
            self._sender = None
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._redis is not None:
            redis, self._redis = self._redis, None
            try:
                await asyncio.wait_for(redis.aclose(), PUBLISH_TIMEOUT)
            except (TimeoutError, OSError):
                pass

    async def publish(self, changes: dict[str, list[str]]) -> None:
        """Forget here, then tell the other processes (batched with other writers' changes).
        While this process hears the channel, the writer waits until its message is sent; when
        it does not (Redis unreachable; or a worker or CLI command, which do not listen), the
        message goes out in the background, so an outage never slows writes (`stop` sends what
        is left). A failed publish is logged: the other processes' entries then live until
        their time to live runs out."""
        for kind, keys in changes.items():
            self.forget_here(kind, keys)
        if self._redis is None:
            return
        sent = asyncio.get_running_loop().create_future()
        self._outgoing.append((changes, sent))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send(), name="change-bus-send")
        if self.connected:
            await asyncio.wait([sent], timeout=WRITER_WAIT)

    async def _send(self) -> None:
        while self._outgoing:
            batch, self._outgoing = self._outgoing, []
            message = json.dumps({"sender": self.sender, "changes": [
                {"kind": kind, "keys": keys}
                for changes, _ in batch for kind, keys in changes.items()]})
            try:
                await asyncio.wait_for(self._redis.publish(CHANNEL, message), PUBLISH_TIMEOUT)
                STATE.ok("changes")
            except Exception as exc:  # noqa: BLE001 - the writes stand; their news is late
                STATE.failed("changes")
                log.warning("could not announce %d changes: %s", len(batch), type(exc).__name__)
            for _, sent in batch:
                if not sent.done():
                    sent.set_result(None)

    def _set_connected(self, connected: bool) -> None:
        # Either way every cache starts empty: what was said while nobody listened is lost.
        self.connected = connected
        self.reset_here()

    def _receive(self, data: bytes | str) -> None:
        try:
            message = json.loads(data)
            if message["sender"] == self.sender:
                return
            changes = [(change["kind"], [str(key) for key in change["keys"]])
                       for change in message["changes"]]
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed change message")
            return
        for kind, keys in changes:
            self.forget_here(kind, keys)

    async def _subscription(self, redis_url: str) -> None:
        backoff = 0.5
        while True:
            # No socket timeout: reads wait with get_message's own, and pings find a frozen server.
            listener = client(redis_url, socket_timeout=None)
            pubsub = listener.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                last_heard = last_ping = time.monotonic()
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    now = time.monotonic()
                    if message is not None:
                        last_heard = now
                        if message["type"] == "subscribe":
                            self._set_connected(True)
                            backoff = 0.5
                        elif message["type"] == "message":
                            self._receive(message["data"])
                    if now - last_ping >= PING_EVERY:
                        await pubsub.ping()
                        last_ping = now
                    if now - last_heard > SILENT_LIMIT:
                        raise ConnectionError("the change subscription stopped answering")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - caches read through until we are back
                if self.connected:
                    log.warning("change subscription lost (%s); caches off until it is back",
                                type(exc).__name__)
            finally:
                self._set_connected(False)
                await asyncio.shield(_close(pubsub, listener))
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)


async def _close(pubsub: Any, client: Any) -> None:
    try:
        await asyncio.wait_for(pubsub.aclose(), PUBLISH_TIMEOUT)
        await asyncio.wait_for(client.aclose(), PUBLISH_TIMEOUT)
    except (TimeoutError, OSError, ConnectionError):
        pass


BUS = ChangeBus()
on_engine_change(BUS.reset_here)  # rows kept in memory came from the engine before


async def announce(kind: str, *keys: Any) -> None:
    """`keys` of `kind` changed: forget them everywhere once the enclosing transaction commits
    (at once if there is none: an autocommit write has committed already)."""
    names = [str(key) for key in keys]
    if not names:
        return
    if not in_transaction():
        await BUS.publish({kind: names})
        return
    changes = transaction_scratch().setdefault("changes", {})
    if not changes:
        after_commit(lambda: BUS.publish(changes))
    known = changes.setdefault(kind, [])
    known.extend(name for name in names if name not in known)
