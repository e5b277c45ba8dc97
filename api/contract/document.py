"""Completing the document Litestar generates: every operation's error answers, security,
304, binary answers and hand-written bodies (api/contract/rules.py, declare.py), the Problem
schema, the security schemes and the outbound `webhooks` section.

The finished document is built once per app, on the first request for it."""

from __future__ import annotations

import copy
from typing import Any

import msgspec
from litestar import Litestar
from litestar.routes import HTTPRoute

from api.contract import problems, rules
from api.contract.declare import declared_of
from api.contract.webhooks import WEBHOOKS, webhook_schemas

METHODS = ("get", "put", "post", "delete", "patch")

SECURITY_SCHEMES = {
    "bearer": {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "This service's access token (POST /v1/auth/sso, POST /v1/auth/refresh).",
    },
    "partnerKey": {
        "type": "http", "scheme": "bearer",
        "description": "A postal partner's API key, issued with its endpoint configuration "
                       "(`motcua partner`): `Authorization: Bearer <partner key>`.",
    },
}

TAGS = [
    {"name": "auth", "description": "Sign-in through the national SSO, tokens, logout"},
    {"name": "me", "description": "The signed-in person: profile and devices"},
    {"name": "catalogue", "description": "Services, fees, agencies, fields (anyone)"},
    {"name": "calendar", "description": "The working-day calendar"},
    {"name": "dossiers", "description": "A citizen's own dossiers, documents and results"},
    {"name": "officer", "description": "An officer's work queue and actions"},
    {"name": "payments", "description": "Fee payment: start, follow, QR, receipt, callbacks"},
    {"name": "postal", "description": "Postal return of results, partner callbacks"},
    {"name": "partner", "description": "Paths for postal partners (partner API key)"},
    {"name": "notifications", "description": "Push devices, inbox, preferences"},
    {"name": "events", "description": "Live updates (server-sent events)"},
    {"name": "admin", "description": "Administrators"},
    {"name": "ops", "description": "Operations: health, metrics, webhook deliveries"},
]

NOT_MODIFIED = {
    "description": "Not modified: the If-None-Match ETag is current",
    "headers": {"ETag": {"schema": {"type": "string"}}},
}
ETAG_HEADER = {"ETag": {"description": "Send it back in If-None-Match to get 304",
                        "schema": {"type": "string"}}}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False,
                 "description": "An ETag of an earlier answer: 304 when it is still current",
                 "schema": {"type": "string"}}


def finished(app: Litestar, generated: dict[str, Any]) -> dict[str, Any]:
    key = "openapi_contract"
    if key not in app.state:
        app.state[key] = finish(app, generated)
    return app.state[key]


def finish(app: Litestar, generated: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(generated)
    named: set[type] = set()
    written: dict[str, Any] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        item = document.get("paths", {}).get(route.path_format or "/")
        if item is None:
            continue
        for method, (handler, _) in route.route_handler_map.items():
            operation = item.get(method.lower())
            if operation is not None and method.lower() in METHODS:
                _complete(handler, operation, route.path_format)
                for schema in declared_of(handler).schemas:
                    if isinstance(schema, dict):
                        written.update(schema)
                    else:
                        named.add(schema)
    if not getattr(app.state.settings, "dev_sign_in", False):
        # The development identity provider's form: documented only where it answers.
        document["paths"] = {path: item for path, item in document.get("paths", {}).items()
                             if not path.startswith("/dev-sso/")}
    components = document.setdefault("components", {})
    components.setdefault("schemas", {}).update(problems.SCHEMAS)
    if named:
        _, found = msgspec.json.schema_components(
            sorted(named, key=lambda t: t.__name__), ref_template="#/components/schemas/{name}")
        components["schemas"].update(found)
    components["schemas"].update(written)
    components["schemas"].update(webhook_schemas())
    components["securitySchemes"] = SECURITY_SCHEMES
    document["tags"] = TAGS
    document["webhooks"] = WEBHOOKS
    return document


def _complete(handler, operation: dict[str, Any], path: str) -> None:
    declared = declared_of(handler)
    if declared.request_body is not None:
        operation["requestBody"] = declared.request_body
    if declared.parameters:
        names = {p["name"] for p in declared.parameters}
        operation["parameters"] = [p for p in operation.get("parameters", [])
                                   if p["name"] not in names] + list(declared.parameters)
    answers = {status: answer for status, answer in operation.get("responses", {}).items()
               if int(status) < 400}  # Litestar's own 400 shape is not what we send
    if declared.binary:
        success = next((s for s in answers if s.startswith("2")), "200")
        notes = " ".join(f"{media}: {note}." for media, note in declared.binary.items() if note)
        answers[success] = {
            "description": " ".join(filter(None, [
                answers.get(success, {}).get("description", "The file"), notes])),
            "content": {media: {"schema": _file_schema(media)} for media in declared.binary},
        }
    if declared.etag:
        for status, answer in answers.items():
            if status.startswith("2"):
                answer.setdefault("headers", {}).update(ETAG_HEADER)
        answers["304"] = NOT_MODIFIED
        if not any(p["name"] == "If-None-Match" for p in operation.get("parameters", [])):
            operation.setdefault("parameters", []).append(IF_NONE_MATCH)
    answers.update(problems.responses(rules.problems_of(handler, operation), path))
    answers.update(declared.responses)
    operation["responses"] = dict(sorted(answers.items()))
    security = rules.security_of(handler, declared)
    # Open operations say so (`[]`): no requirement was forgotten, and Swagger sends no token.
    operation["security"] = security if security is not None else []


def _file_schema(media: str) -> dict[str, Any]:
    if media.startswith("text/"):
        return {"type": "string"}
    return {"type": "string", "format": "binary"}


def served(app: Litestar) -> dict[str, Any]:
    """The document /schema/openapi.json serves."""
    from litestar._openapi.plugin import OpenAPIPlugin

    return finished(app, app.plugins.get(OpenAPIPlugin).provide_openapi_schema())
