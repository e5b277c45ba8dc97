"""Limits on JSON request bodies, checked before anything decodes them.

A body nested thousands of levels deep makes every recursive decoder (msgspec, json.loads in the
idempotency hash, jsonschema on form data) hit Python's recursion limit: a 500, on routes that need
no sign-in. So every body that reads as JSON (starts with `{` or `[`, whatever its Content-Type:
Litestar decodes a route's `data` without looking at it) is checked here first: deeper than
`MAX_DEPTH` → 422, larger than `MAX_JSON_BYTES` → 413. Nothing has run yet, so nothing is written.

Multipart uploads are streamed (api/multipart_stream.py) and never pass through `body()`."""

from __future__ import annotations

import re

from litestar import Request

from api.errors import PayloadTooLarge
from core import problems

# The deepest real body is a dossier's form data (an object of objects of lists): far below this.
MAX_DEPTH = 64
# A JSON body is a form or a command, never a file (files go as multipart): 1 MiB is generous.
MAX_JSON_BYTES = 1024 * 1024

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPENING = frozenset(b"[{")


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings aside)."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        if byte in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_json_body(body: bytes) -> None:
    """Raise 413 or 422 for a JSON body this service will not decode."""
    if not body or body.lstrip()[:1] not in (b"{", b"["):
        return
    if len(body) > MAX_JSON_BYTES:
        raise PayloadTooLarge(detail={
            "vi": f"Nội dung JSON tối đa {MAX_JSON_BYTES} byte.",
            "en": f"A JSON body may have at most {MAX_JSON_BYTES} bytes."})
    # Cheap first: a body with fewer brackets than the limit cannot nest deeper than it.
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return
    if json_depth(body) > MAX_DEPTH:
        raise problems.ValidationFailed(extra={"errors": [{"pointer": "", "detail": {
            "vi": f"Dữ liệu JSON lồng nhau quá {MAX_DEPTH} cấp.",
            "en": f"JSON nested deeper than {MAX_DEPTH} levels."}}]})


class LimitedRequest(Request):
    """The app's request class: `body()` refuses JSON that is too deep or too large."""

    async def body(self) -> bytes:
        body = await super().body()
        check_json_body(body)
        return body
