"""Every error leaves as application/problem+json (RFC 9457), titled in the client's language.

Validation errors list what is wrong: `{"pointer": "/items/0/count", "detail": ...}` for the JSON
body (an RFC 6901 pointer into it), `{"parameter": "limit", "in": "query", "detail": ...}` for
query, path, header and cookie parameters. Unexpected exceptions are logged with their traceback
(through the scrubbing formatter) and answered with a bare 500 that reveals nothing."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException

from api.texts import localised, localised_errors
from core import problems
from core.i18n import negotiate, pick
from core.logs import request_id_var

log = logging.getLogger("motcua.errors")

MEDIA_TYPE = "application/problem+json"

MalformedBody = problems.define(
    "malformed-body", 400, "Không đọc được nội dung yêu cầu", "The request body could not be read"
)
NotAcceptable = problems.define(
    "not-acceptable", 406, "Định dạng không được hỗ trợ", "Not acceptable"
)
PayloadTooLarge = problems.define(
    "payload-too-large", 413, "Dữ liệu gửi lên quá lớn", "Payload too large"
)
UnsupportedMediaType = problems.define(
    "unsupported-media-type", 415, "Kiểu nội dung không được hỗ trợ", "Unsupported media type"
)

_BY_STATUS: dict[int, type[problems.Problem]] = {
    400: problems.BadRequest,
    401: problems.Unauthenticated,
    403: problems.Forbidden,
    404: problems.NotFound,
    405: problems.MethodNotAllowed,
    406: NotAcceptable,
    409: problems.Conflict,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: problems.ValidationFailed,
    429: problems.TooManyRequests,
    500: problems.Problem,
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
        body["detail"] = localised(problem.detail, locale)
    body.update(problem.extra)
    if "errors" in body:
        body["errors"] = localised_errors(body["errors"], locale)
    rid = request_id_var.get()
    if rid:
        body["request_id"] = rid
    return Response(
        content=body,
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers={"Content-Language": locale, **problem.headers},
    )


# --- validation ---------------------------------------------------------------------------

_MSGSPEC_PATH = re.compile(r" - at `\$\.data(?P<path>[^`]*)`$")
_MISSING_FIELD = re.compile(r"^Object missing required field `(?P<field>[^`]+)`")
_MISSING_PARAM = re.compile(r"^Missing required (?P<where>\w+) parameter '(?P<name>[^']+)'")


def _pointer(path: str) -> str:
    """msgspec's `.items[0].count` as RFC 6901 `/items/0/count`. msgspec prints dict keys as
    `[...]`, so the pointer stops at the nearest ancestor it can name."""
    path = path.split("[...]", 1)[0]
    parts = [p for p in re.split(r"[.\[\]]+", path) if p]
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def _body_error(item: dict[str, Any], cause: BaseException | None, single: bool) -> dict[str, str]:
    message = str(item.get("message", ""))
    # Litestar flattens the path into `key` lossily (it strips every "data." it finds), so the
    # path is read from msgspec's own message when this is the only body error.
    match = _MSGSPEC_PATH.search(str(cause)) if single and cause is not None else None
    if match:
        pointer = _pointer(match["path"])
    elif item.get("key") in (None, "data"):
        pointer = ""
    else:
        pointer = _pointer("." + str(item["key"]))
    if message == "'data'":  # Litestar's KeyError text for a request with no body at all
        message = "A JSON body is required"
    missing = _MISSING_FIELD.match(message)
    if missing:
        pointer += _pointer("." + missing["field"])
    return {"pointer": pointer, "detail": message}


def _validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    items = [item for item in exc.extra or [] if isinstance(item, dict)]
    body_items = [item for item in items if item.get("source") == "body"]
    cause = exc.__cause__ if isinstance(exc.__cause__, msgspec.ValidationError) else None
    errors = []
    for item in items:
        if item.get("source") == "body":
            errors.append(_body_error(item, cause, single=len(body_items) == 1))
        else:
            where = getattr(item.get("source"), "value", item.get("source")) or "query"
            errors.append(
                {"parameter": str(item.get("key", "")), "in": str(where), "detail": item["message"]}
            )
    missing = _MISSING_PARAM.match(exc.detail or "")
    if not errors and missing:
        errors.append({
            "parameter": missing["name"], "in": missing["where"],
            "detail": "Missing required parameter",
        })
    return errors


def _on_validation(request: Request, exc: ValidationException) -> Response:
    errors = _validation_errors(exc)
    detail = None if errors else exc.detail
    return problem_response(
        request, problems.ValidationFailed(detail=detail, extra={"errors": errors})
    )


# --- everything else ----------------------------------------------------------------------

_fallback: dict[int, type[problems.Problem]] = {}


def _problem_for_status(status: int) -> type[problems.Problem]:
    known = _BY_STATUS.get(status)
    if known:
        return known
    if status not in _fallback:
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        slug = f"http-{status}"
        _fallback[status] = problems.define(slug, status, phrase, phrase)
    return _fallback[status]


def _on_http(request: Request, exc: HTTPException) -> Response:
    if exc.status_code >= 500:
        log.error("%s on %s %s", exc.__class__.__name__, request.method, request.url.path,
                  exc_info=exc.__cause__ or exc)
    if isinstance(exc.__cause__, SerializationException):  # e.g. JSON cut off by a flaky network
        return problem_response(request, MalformedBody())
    headers = dict(exc.headers or {})
    return problem_response(request, _problem_for_status(exc.status_code)(headers=headers))


def _on_problem(request: Request, exc: problems.Problem) -> Response:
    if exc.status >= 500:
        log.error("problem %s on %s %s", exc, request.method, request.url.path, exc_info=exc)
    return problem_response(request, exc)


def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, problems.Problem())


# Litestar picks the handler of the closest class in the exception's MRO, so HTTPException
# covers NotFound, MethodNotAllowed, NotAuthorized, PermissionDenied, TooManyRequests, ...
EXCEPTION_HANDLERS = {
    problems.Problem: _on_problem,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}
