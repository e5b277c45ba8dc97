"""`Idempotency-Key` on state-changing POSTs, kept out of the handlers:

    @idempotent
    @post("/{dossier_id:uuid}/submit", opt=requires(CITIZEN))
    async def submit(...): ...

`idempotent` adds a handler-level ASGI middleware (inside the app's auth middleware, so the caller
is known) and documents the header in the OpenAPI operation. The middleware reads the whole body
(within the route's request_max_body_size; Litestar keeps it in the connection state, where the
handler's Request, form() and stream() included, finds it), claims the key through
core.idempotency, runs the handler, and stores the answer *before* sending it: a client that has
seen an answer always gets the same one back. Requests without the header pass straight through.

Litestar puts an exception handler between a route's middleware and its handler, so problems the
handler raises reach this middleware as finished problem+json responses and are stored like any
other answer."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import cast

from litestar import Request
from litestar.enums import ScopeType
from litestar.handlers import HTTPRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.openapi.spec import OpenAPIResponse, Operation, Parameter, Schema
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

from api.body_limits import LimitedRequest
from auth.principal import Principal
from core import idempotency

log = logging.getLogger("motcua.idempotency")

HEADER = "Idempotency-Key"
NO_COMPRESSION = "skip_compression"  # a route opt read by the app's CompressionConfig
REPLAYED = (b"idempotent-replayed", b"true")


def owner_of(scope: Scope) -> str:
    """Whose keys these are. A signed-in person's keys are theirs on every device. A partner's
    principal names itself with `idempotency_owner`. Anonymous callers are told apart by address,
    hashed: the scope column is not a place for an IP address."""
    user = scope.get("user")
    if isinstance(user, Principal):
        return f"person:{user.person_id}"
    if user is not None and getattr(user, "idempotency_owner", None):
        return str(user.idempotency_owner)
    client = scope.get("client")
    host = client[0] if client else ""
    return "anon:" + hashlib.sha256(host.encode()).hexdigest()[:32]


def scope_of(scope: Scope) -> str:
    """Owner + method + route template + path parameters: the same key sent to another dossier's
    /submit is another request."""
    params = sorted((name, str(value)) for name, value in scope.get("path_params", {}).items())
    method = cast(HTTPScope, scope)["method"]  # the middleware runs on HTTP scopes only
    route = json.dumps([method, scope.get("path_template", scope["path"]), params])
    return f"{owner_of(scope)}|{hashlib.sha256(route.encode()).hexdigest()[:40]}"


@dataclass
class _Captured:
    messages: list[Message]

    async def send(self, message: Message) -> None:
        self.messages.append(message)

    def response(self) -> idempotency.StoredResponse:
        start = next(m for m in self.messages if m["type"] == "http.response.start")
        headers = {name.decode("latin-1").lower(): value.decode("latin-1")
                   for name, value in start.get("headers", [])}
        body = b"".join(m.get("body", b"") for m in self.messages
                        if m["type"] == "http.response.body")
        return idempotency.StoredResponse(status_code=start["status"], body=body, headers=headers)


async def _replay(send: Send, stored: idempotency.StoredResponse) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers.items()
               if k != "content-length"]  # set below, once
    headers += [(b"content-length", str(len(stored.body)).encode()), REPLAYED]
    await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request: Request = LimitedRequest(scope, receive)  # the body is hashed as JSON below
        raw_key = request.headers.get(HEADER)
        if raw_key is None:
            await next_app(scope, receive, send)
            return
        key = idempotency.parse_key(raw_key)
        body = await request.body()
        digest = idempotency.request_hash(body, request.headers.get("content-type", ""))
        outcome = await idempotency.claim(scope_of(scope), key, digest)
        if isinstance(outcome, idempotency.StoredResponse):
            await _replay(send, outcome)
            return
        captured = _Captured([])
        try:
            await next_app(scope, receive, captured.send)
            response = captured.response()
        except BaseException:
            # Disconnected or cancelled mid-request: give the key back (the lease covers a crash).
            await asyncio.shield(_quietly(idempotency.release(outcome)))
            raise
        if idempotency.is_final(response.status_code):
            await _quietly(idempotency.complete(outcome, response))
        else:
            await _quietly(idempotency.release(outcome))
        for message in captured.messages:
            await send(message)


async def _quietly(step) -> None:
    """The answer is ready; failing to record it must not turn it into an error. A claim left
    running is taken over after the lease."""
    try:
        await step
    except Exception:  # noqa: BLE001
        log.exception("could not record an idempotent answer")


IDEMPOTENCY = IdempotencyMiddleware()

KEY_PARAMETER = Parameter(
    name=HEADER,
    param_in="header",  # type: ignore[arg-type]
    required=False,
    description=(
        "1–255 visible ASCII characters, bare or quoted (e.g. a UUID). A retry with the same key "
        "and body replays the first answer (with `Idempotent-Replayed: true`); the same key with "
        "another body is refused (422 idempotency-key-reused); while the first request is still "
        "running, 409 idempotency-request-in-progress. Keys are kept 24 hours."
    ),
    schema=Schema(type="string", min_length=1, max_length=idempotency.MAX_KEY_LENGTH),  # type: ignore[arg-type]
)


@dataclass
class IdempotentOperation(Operation):
    """The OpenAPI operation of an `@idempotent` handler: the header and its 409."""

    def __post_init__(self) -> None:
        self.parameters = [*(self.parameters or []), KEY_PARAMETER]
        self.responses = dict(self.responses or {})
        self.responses.setdefault("409", OpenAPIResponse(
            description="A request with the same Idempotency-Key is still being processed."
        ))


def idempotent(handler: HTTPRouteHandler) -> HTTPRouteHandler:
    """Make a route handler honour `Idempotency-Key`. Apply above the route decorator."""
    if not isinstance(handler, HTTPRouteHandler):
        raise TypeError("@idempotent goes above @post(...), on the route handler")
    if handler.operation_class is not Operation:
        raise TypeError("@idempotent needs the default operation_class")
    handler.middleware = [*(handler.middleware or []), IDEMPOTENCY]
    # The stored answer is replayed to whoever retries, whatever encodings that retry accepts:
    # keep it uncompressed (these answers are small; see app/factory.py's compression()).
    handler.opt = {**(handler.opt or {}), NO_COMPRESSION: True}
    handler.operation_class = IdempotentOperation
    return handler
