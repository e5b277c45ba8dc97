"""What a route says about its answers beyond its signature, for the OpenAPI document:

    @documented(problems=[DossierNotFound, DossierNotEditable], etag=True)
    @post("/{dossier_id:str}/submit", operation_id="submitDossier", ...)

- `problems`: the problem types (core.problems.define) the route may answer, beyond those the
  rules derive (api/contract/rules.py);
- `etag`: the answer carries an ETag and `If-None-Match` may give 304;
- `binary`: the success answer's media types when it is not JSON (`{"image/png": "…"}`);
- `security`: `"partner"` (a partner API key) or `"bearer_or_ticket"` instead of the guard's;
- `request_body` / `responses`: hand-written OpenAPI objects (callbacks, multipart actions),
  merged over what Litestar generated; `schemas`: what they name, added to
  `components/schemas`: msgspec types (under their class names) or `{name: JSON Schema}`;
- `parameters`: extra parameter objects (e.g. a callback's signature headers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from litestar.handlers import HTTPRouteHandler

from core.problems import Problem

OPT_KEY = "contract"


@dataclass(frozen=True)
class Declared:
    problems: tuple[type[Problem], ...] = ()
    etag: bool = False
    binary: dict[str, str] = field(default_factory=dict)
    security: str | None = None
    request_body: dict[str, Any] | None = None
    responses: dict[str, Any] = field(default_factory=dict)
    parameters: tuple[dict[str, Any], ...] = ()
    schemas: tuple[type | dict[str, Any], ...] = ()


def documented(*, problems: Iterable[type[Problem]] = (), etag: bool = False,
               binary: dict[str, str] | None = None, security: str | None = None,
               request_body: dict[str, Any] | None = None,
               responses: dict[str, Any] | None = None,
               parameters: Iterable[dict[str, Any]] = (),
               schemas: Iterable[type | dict[str, Any]] = ()):
    """Record the declaration on the route handler (goes above the route decorator)."""
    declared = Declared(tuple(problems), etag, dict(binary or {}), security, request_body,
                        dict(responses or {}), tuple(parameters), tuple(schemas))

    def apply(handler: HTTPRouteHandler) -> HTTPRouteHandler:
        if not isinstance(handler, HTTPRouteHandler):
            raise TypeError("@documented goes above the route decorator")
        handler.opt = {**(handler.opt or {}), OPT_KEY: declared}
        return handler

    return apply


def declared_of(handler: HTTPRouteHandler) -> Declared:
    return (handler.opt or {}).get(OPT_KEY) or Declared()
