"""ASGI middleware kept small and fast: a request id on every request, response and log line,
and `X-Content-Type-Options: nosniff` on every answer (a browser must take a download for the
type we sniffed from its bytes, never guess another from them)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core.logs import request_id_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


NOSNIFF = (b"x-content-type-options", b"nosniff")
Unmatched = Callable[[str, int, float], None]  # (method, status, seconds)


def request_id_middleware(app: ASGIApp, unmatched: Unmatched | None = None) -> ASGIApp:
    """`unmatched`: told of every HTTP request no route took (Litestar's router answers those
    404 or 405 before any route's middleware, so route metrics never see them)."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = ""
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        rid = incoming if _SAFE_ID.match(incoming) else secrets.token_hex(16)
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500  # until a response starts: a request that ends without one failed

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode("latin-1")))
                headers.append(NOSNIFF)
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
            if unmatched is not None and "path_template" not in scope:  # set once routed
                unmatched(scope["method"], status, time.perf_counter() - started)

    return middleware
