"""Unknown query parameters are refused, on every route, from what its handler declares.

A typo in an app (`?service_code=` for `?service=`, `?unread=true` where there is no such filter)
would otherwise return the unfiltered list with 200, and nobody would notice. The allowed names
are the query parameters of the handler's signature and of its dependencies, as Litestar itself
collected them to parse the request, so a new route is covered with no extra line.

Leniency is a choice a route states with `opt=LENIENT_QUERY`, and is documented with it:
the development OpenID provider (RFC 6749 §3.1: an authorization server ignores parameters it
does not know), gateways' callbacks (their protocols add parameters at will; a callback is
judged by its signed body) and a payment's own address, which is the return URL of checkouts
(the platform appends its parameters, which decide nothing)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from core import problems

LENIENT_KEY = "any_query_parameter"
LENIENT_QUERY = {LENIENT_KEY: True}

UnknownQueryParameter = problems.define(
    "unknown-query-parameter", 400, "Tham số truy vấn không được hỗ trợ",
    "Unknown query parameter",
)

_NAMES = "_motcua_query_names"  # kept on each route handler; None: any parameter is accepted
_UNKNOWN = object()
_slotted: dict[int, frozenset[str] | None] = {}  # handlers that take no attribute; they live on


def _allowed_names(scope: Scope) -> frozenset[str] | None:
    handler = scope["route_handler"]
    names = getattr(handler, _NAMES, _slotted.get(id(handler), _UNKNOWN))
    if names is _UNKNOWN:
        if handler.opt.get(LENIENT_KEY):
            names = None
        else:
            params = {name: None for name in scope.get("path_params", {})}
            model = handler.create_kwargs_model(path_parameters=params)  # type: ignore[arg-type]
            names = frozenset(p.field_alias for p in model.expected_query_params)
        try:
            setattr(handler, _NAMES, names)
        except AttributeError:  # Litestar's own OPTIONS handlers have __slots__ (found by
            _slotted[id(handler)] = names  # schemathesis: OPTIONS /v1/services?x= was a 500)
    return names  # type: ignore[return-value]


def _names(raw: bytes) -> list[str]:
    """The parameter names of a query string, decoded as parse_qsl would (a few times faster:
    only names are needed, and most need no unquoting)."""
    names: list[str] = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name = part.split(b"=", 1)[0].decode("latin-1")
        if "%" in name or "+" in name:
            name = unquote_plus(name.encode("latin-1").decode("utf-8", "replace"))
        if name not in names:
            names.append(name)
    return names


def unknown_names(scope: Scope) -> list[str]:
    raw = scope.get("query_string")
    if not raw:
        return []
    allowed = _allowed_names(scope)
    if allowed is None:
        return []
    return [name for name in _names(raw) if name not in allowed]


class QueryCheckMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        unknown = unknown_names(scope)
        if unknown:
            raise UnknownQueryParameter(extra={"errors": [_error(name) for name in unknown]})
        await next_app(scope, receive, send)


def _error(name: str) -> dict[str, Any]:
    return {"parameter": name[:100], "in": "query", "detail": {
        "vi": "Tham số này không có trong tài liệu API của thao tác.",
        "en": "This operation does not take this parameter."}}


QUERY_CHECK = QueryCheckMiddleware()
