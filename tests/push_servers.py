"""A local HTTP server for the push tests: an ASGI app served by hypercorn on 127.0.0.1, at a free
port, in the test's event loop — HTTP/1.1 and HTTP/2 (prior knowledge, as APNs clients use).
The FCM and APNs stand-ins built on it: tests/fake_fcm.py, tests/fake_apns.py."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config


@dataclass
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    """An ASGI app on a free port; `async with` starts and stops it."""

    async def __aenter__(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # connections queue from now on, even before hypercorn accepts
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = Config()
        config.bind = [f"fd://{sock.detach()}"]
        config.graceful_timeout = 0.5
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(serve(self.app, config, shutdown_trigger=self._stop.wait))
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        await asyncio.wait_for(self._task, 10)

    async def app(self, scope: dict, receive: Callable[[], Awaitable[dict]],
                  send: Callable[[dict], Awaitable[None]]) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        answer = self.handle(scope, headers, body)
        await send({"type": "http.response.start", "status": answer.status,
                    "headers": [(b"content-type", b"application/json")]
                    + [(k.encode(), v.encode()) for k, v in answer.headers.items()]})
        await send({"type": "http.response.body", "body": json.dumps(answer.body).encode()})

    def handle(self, scope: dict, headers: dict[str, str], body: bytes) -> Answer:
        raise NotImplementedError
