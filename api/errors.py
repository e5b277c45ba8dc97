"""Every error leaves as application/problem+json (RFC 9457), titled in the client's language."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import TooManyRequestsException

from core import problems
from core.i18n import negotiate, pick
from core.logs import request_id_var

log = logging.getLogger("motcua.errors")

MEDIA_TYPE = "application/problem+json"

_BY_STATUS: dict[int, type[problems.Problem]] = {
    400: problems.BadRequest,
    401: problems.Unauthenticated,
    403: problems.Forbidden,
    404: problems.NotFound,
    405: problems.MethodNotAllowed,
    409: problems.Conflict,
    429: problems.TooManyRequests,
    503: problems.Unavailable,
}


def problem_response(request: Request, problem: problems.Problem) -> Response[dict[str, Any]]:
    locale = negotiate(request.headers.get("accept-language"))
    body: dict[str, Any] = {
        "type": problem.type_uri,
        "title": pick(problem.titles, locale),
        "status": problem.status,
        "instance": request.url.path,
    }
    if problem.detail:
        body["detail"] = (
            pick(problem.detail, locale) if isinstance(problem.detail, dict) else problem.detail
        )
    body.update(problem.extra)
    rid = request_id_var.get()
    if rid:
        body["request_id"] = rid
    return Response(
        content=body,
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers={"Content-Language": locale, **problem.headers},
    )


def _pointer(key: str | None, source: str | None) -> str:
    """Litestar names a field like `a.b[0]`; RFC 6901 wants `/a/b/0`."""
    if not key:
        return ""
    parts = [p for p in re.split(r"[.\[\]]+", key.strip("$.")) if p]
    pointer = "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
    return pointer if source in (None, "body") else f"{source}:{pointer}"


def _on_validation(request: Request, exc: ValidationException) -> Response:
    errors = []
    for item in exc.extra or []:
        if isinstance(item, dict):
            errors.append(
                {
                    "pointer": _pointer(item.get("key"), item.get("source")),
                    "detail": item.get("message", ""),
                }
            )
    detail = exc.detail if exc.detail and not errors else None
    return problem_response(
        request, problems.ValidationFailed(detail=detail, extra={"errors": errors})
    )


def _on_http(request: Request, exc: HTTPException) -> Response:
    cls = _BY_STATUS.get(exc.status_code)
    if cls is None:
        cls = problems.define(
            f"http-{exc.status_code}", exc.status_code, "Lỗi", exc.__class__.__name__
        )
    headers = dict(exc.headers or {})
    return problem_response(request, cls(headers=headers))


def _on_problem(request: Request, exc: problems.Problem) -> Response:
    return problem_response(request, exc)


def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(request, problems.Problem())


EXCEPTION_HANDLERS = {
    problems.Problem: _on_problem,
    ValidationException: _on_validation,
    NotFoundException: _on_http,
    MethodNotAllowedException: _on_http,
    NotAuthorizedException: _on_http,
    PermissionDeniedException: _on_http,
    TooManyRequestsException: _on_http,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}
