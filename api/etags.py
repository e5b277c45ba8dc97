"""Strong ETags from the response body, and `If-None-Match` → 304 (RFC 9110 §8.8.3, §13.1.2)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from litestar import Request, Response
from litestar.serialization import encode_json


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def none_match(header: str | None, etag: str) -> bool:
    """True when `If-None-Match` already names `etag`. The comparison is weak (a W/ prefix is
    ignored), as RFC 9110 requires for If-None-Match; `*` matches any current representation."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


def own_record(request: Request, record: Mapping[str, object], etag: str, locale: str,
               status_code: int = 200) -> Response[Any]:
    """One record of the caller's own (a dossier, a feedback) under `etag`, which the caller
    composes from the record's version and whatever else changes it without a write. A read
    the client already holds is 304; no shared cache may keep it, and it varies with who asks."""
    headers = {"ETag": etag, "Vary": "Accept-Language, Authorization",
               "Cache-Control": "private, no-cache", "Content-Language": locale}
    if status_code == 200 and none_match(request.headers.get("if-none-match"), etag):
        return Response(content=b"", status_code=304, headers=headers)
    return Response(content=record, headers=headers, status_code=status_code)


def json_with_etag(request: Request, data: Any, locale: str | None = None, *,
                   private: bool = False) -> Response[Any]:
    """Serialise `data` once, tag it, and answer 304 when the client already holds it.
    `private`: the answer is the caller's own (a list page of their dossiers, their inbox):
    no shared cache may keep it, and it varies with who asks."""
    body = encode_json(data)
    etag = etag_of(body)
    headers = {"ETag": etag, "Vary": "Accept-Language", "Cache-Control": "no-cache"}
    if private:
        headers.update({"Vary": "Accept-Language, Authorization",
                        "Cache-Control": "private, no-cache"})
    if locale:
        headers["Content-Language"] = locale
    if none_match(request.headers.get("if-none-match"), etag):
        return Response(content=b"", status_code=304, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)
