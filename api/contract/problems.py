"""The one `Problem` schema (RFC 9457 as api/errors.py writes it) and the error answers of an
operation, built from problem types: one response per status, an example per `type`."""

from __future__ import annotations

from typing import Any

from core.problems import TYPE_BASE, Problem

MEDIA_TYPE = "application/problem+json"
REF = {"$ref": "#/components/schemas/Problem"}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "An error (RFC 9457). `type` is stable per error; `title` and `detail` "
                       "follow Accept-Language (vi default, en). Some types add members of "
                       "their own (e.g. `max_bytes`, `state`).",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string", "format": "uri",
                     "examples": [TYPE_BASE + "validation-failed"]},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "description": "The request path"},
            "request_id": {"type": "string", "description": "Also in X-Request-ID and the logs"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemError"}},
        },
        "additionalProperties": True,
    },
    "ProblemError": {
        "type": "object",
        "description": "One invalid input: `pointer` (RFC 6901, into the JSON body) or "
                       "`parameter` with `in`.",
        "required": ["detail"],
        "properties": {
            "pointer": {"type": "string", "examples": ["/address/commune_code"]},
            "parameter": {"type": "string", "examples": ["limit"]},
            "in": {"type": "string", "enum": ["query", "path", "header", "cookie", "form"]},
            "detail": {"type": "string"},
        },
        "additionalProperties": False,
    },
}

HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {
        "description": "`Bearer realm=\"motcua\"`, with `error=\"invalid_token\"` when a token "
                       "was sent but refused (refresh it or sign in again)",
        "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Seconds to wait before trying again",
                          "schema": {"type": "integer", "minimum": 0}}},
}

_WHY = {
    400: "The request could not be read (e.g. JSON cut off)",
    401: "Not signed in, or the credential was refused",
    403: "Signed in, but this role may not do this",
    404: "Not found (or not yours: someone else's resource does not exist here)",
    406: "None of the media types in Accept can be produced",
    409: "The resource is not in a state that allows this, or a concurrent request won",
    413: "The body is larger than this operation accepts",
    415: "The body's media type is not accepted",
    422: "Invalid input: `errors` lists each field or parameter",
    429: "Too many requests: wait Retry-After seconds",
    503: "A service this operation needs is unavailable; try again later",
}


def example(problem: type[Problem], path: str) -> dict[str, Any]:
    body: dict[str, Any] = {"type": TYPE_BASE + problem.slug, "title": problem.titles["vi"],
                            "status": problem.status, "instance": path,
                            "request_id": "5f0c6b2e9a8d4c1f"}
    if problem.status == 422 and problem.slug == "validation-failed":
        body["errors"] = [{"pointer": "/service_code", "detail": "Expected `str`"}]
    return body


def responses(by_status: dict[int, list[type[Problem]]], path: str) -> dict[str, Any]:
    """`{"404": {...}}` for each status, listing the types it may carry."""
    out: dict[str, Any] = {}
    for status in sorted(by_status):
        kinds = _unique(by_status[status])
        names = ", ".join(f"`{kind.slug}`" for kind in kinds)
        response: dict[str, Any] = {
            "description": f"{_WHY.get(status, 'Error')}. Types: {names}.",
            "content": {MEDIA_TYPE: {
                "schema": REF,
                "examples": {kind.slug: {"summary": kind.titles["en"],
                                         "value": example(kind, path)} for kind in kinds},
            }},
        }
        if status in HEADERS:
            response["headers"] = HEADERS[status]
        out[str(status)] = response
    return out


def _unique(kinds: list[type[Problem]]) -> list[type[Problem]]:
    seen: dict[str, type[Problem]] = {}
    for kind in kinds:
        seen.setdefault(kind.slug, kind)
    return list(seen.values())
