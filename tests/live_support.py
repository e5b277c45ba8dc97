"""Serving the app over real HTTP for the event-stream tests: httpx's ASGITransport buffers a
whole response, so a never-ending SSE stream needs a real server. uvicorn runs in the test's own
loop (the app shares the test's database engine), on a free port.

    async with serving(settings) as base_url:
        async with EventStream.open(base_url, headers) as stream:
            event = await stream.next_event()"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
import uvicorn

from app.factory import create_app
from core.db import current_engine

WAIT_SECONDS = 20.0  # a generous bound; tests never assert on timing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def serving(settings) -> AsyncIterator[str]:
    app = create_app(settings, engine=current_engine())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on",
                                           log_level="warning", timeout_graceful_shutdown=5))
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError("uvicorn stopped before it started")
                await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        # Not wait_for: a server stuck in shutdown must fail the test, not hang it.
        done, _ = await asyncio.wait({task}, timeout=WAIT_SECONDS)
        if not done:
            task.cancel()
            raise RuntimeError("uvicorn did not stop")


@dataclass
class Event:
    event: str | None = None
    id: str | None = None
    data: str = ""
    comments: list[str] = field(default_factory=list)
    retry: int | None = None

    def json(self) -> dict:
        return json.loads(self.data)


class EventStream:
    """Reads one text/event-stream response, event by event."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    @classmethod
    @asynccontextmanager
    async def open(cls, base_url: str, headers: dict | None = None, params: dict | None = None,
                   expect_hello: bool = True) -> AsyncIterator[EventStream]:
        async with httpx.AsyncClient(base_url=base_url, timeout=WAIT_SECONDS) as http:
            async with http.stream("GET", "/v1/events", headers=headers, params=params) as response:
                stream = cls(response)
                if response.status_code == 200 and expect_hello:
                    hello = await stream.next_block()  # sent once the subscription is live
                    assert "connected" in hello.comments
                yield stream

    async def next_block(self) -> Event:
        """The next block up to a blank line (an event, or only comments). EOFError at the end."""
        block = Event()
        async with asyncio.timeout(WAIT_SECONDS):
            async for line in self._lines:
                if line == "":
                    return block
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if name == "":
                    block.comments.append(value)
                elif name == "data":
                    block.data = f"{block.data}\n{value}" if block.data else value
                elif name == "retry":
                    block.retry = int(value)
                elif name in ("event", "id"):
                    setattr(block, name, value)
        raise EOFError("the stream ended")

    async def next_event(self) -> Event:
        """The next real event, skipping heartbeats."""
        while True:
            block = await self.next_block()
            if block.event is not None or block.data:
                return block
