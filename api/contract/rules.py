"""Which answers and which security an operation has, derived from the route itself.

Each rule looks at the route handler (its requirement, middleware, declaration) and the
operation Litestar generated (parameters, body) and adds problem types by status. A new kind of
route behaviour gets a rule here, once, and every route that has it is documented."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from litestar.handlers import HTTPRouteHandler

from api.contract.declare import Declared, declared_of
from api.errors import MalformedBody, PayloadTooLarge
from api.idempotency import IdempotencyMiddleware
from api.query_check import LENIENT_KEY, UnknownQueryParameter
from auth.guards import CITIZEN, OPT_KEY, SIGNED_IN
from core import problems
from core.idempotency import (
    IdempotencyKeyReused,
    IdempotencyRequestInProgress,
    InvalidIdempotencyKey,
)

Found = dict[int, list[type[problems.Problem]]]
Rule = Callable[[HTTPRouteHandler, Declared, dict[str, Any], Found], None]

SECURITY = {
    "bearer": [{"bearer": []}],
    "partner": [{"partnerKey": []}],
    # GET /v1/events: the bearer token, or (EventSource) a single-use `ticket` query parameter.
    "bearer_or_ticket": [{"bearer": []}, {}],
}


def security_of(handler: HTTPRouteHandler, declared: Declared) -> list[dict[str, list]] | None:
    if declared.security:
        return SECURITY[declared.security]
    if (handler.opt or {}).get(OPT_KEY):
        return SECURITY["bearer"]
    return None


def _signed_in(handler, declared, operation, found) -> None:
    level = (handler.opt or {}).get(OPT_KEY)
    if level or declared.security:
        found[401].append(problems.Unauthenticated)
    if level not in (None, SIGNED_IN, CITIZEN):  # officer, admin, accountant, …: a role
        found[403].append(problems.Forbidden)


def _path_parameters(handler, declared, operation, found) -> None:
    # A path that names a resource: an unknown one (or someone else's) is 404, and so is a
    # value of the wrong type, which no route matches.
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        found[404].append(problems.NotFound)


def _inputs(handler, declared, operation, found) -> None:
    if operation.get("parameters") or operation.get("requestBody"):
        found[422].append(problems.ValidationFailed)


def _body(handler, declared, operation, found) -> None:
    if operation.get("requestBody"):
        found[400].append(MalformedBody)
        found[413].append(PayloadTooLarge)


def _idempotent(handler, declared, operation, found) -> None:
    # Litestar copies handlers (and their middleware) when it registers them: match by type.
    if any(isinstance(m, IdempotencyMiddleware) for m in handler.middleware or []):
        found[400].append(InvalidIdempotencyKey)
        found[409].append(IdempotencyRequestInProgress)
        found[422].append(IdempotencyKeyReused)


def _rate_limited(handler, declared, operation, found) -> None:
    from litestar.middleware.rate_limit import RateLimitMiddleware

    if any(getattr(m, "answers_429", False)
           or (isinstance(getattr(m, "middleware", None), type)
               and issubclass(m.middleware, RateLimitMiddleware))
           for m in handler.middleware or []):
        found[429].append(problems.TooManyRequests)


def _query_checked(handler, declared, operation, found) -> None:
    # api/query_check.py refuses a query parameter the operation does not declare, except on
    # the routes whose leniency is a documented choice.
    if not (handler.opt or {}).get(LENIENT_KEY):
        found[400].append(UnknownQueryParameter)


def _declared(handler, declared, operation, found) -> None:
    for kind in declared.problems:
        found[kind.status].append(kind)


RULES: list[Rule] = [_signed_in, _path_parameters, _inputs, _body, _idempotent, _rate_limited,
                     _query_checked, _declared]


def problems_of(handler: HTTPRouteHandler, operation: dict[str, Any]) -> Found:
    found: Found = defaultdict(list)
    declared = declared_of(handler)
    for rule in RULES:
        rule(handler, declared, operation, found)
    return dict(found)
