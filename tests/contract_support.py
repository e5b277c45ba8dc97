"""Every answer the test suite receives through the `client` fixture is checked against the
served OpenAPI document (openapi-core): status documented, media type documented, body valid
against its schema, documented headers present. One mismatch fails the test that got it.

Requests to what the document does not describe (the development sign-in pages, /schema, a
path or method no route has: the 404/405 of the router) are not checked."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import (
    OperationNotFound,
    PathNotFound,
    ServerNotFound,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

_checker: OpenAPI | None = None


def _json(data: bytes) -> Any:
    return json.loads(data)


def _octets(data: bytes, **parameters: str) -> str:
    # A binary body against `{type: string, format: binary}`: a string of octets (a text type
    # declared so, such as a CSV download, arrives with its charset parameter, unused here).
    return data.decode("latin-1")


def _binary_media_types(document: dict[str, Any]) -> set[str]:
    found = set()
    for item in document["paths"].values():
        for operation in item.values():
            for response in (operation.get("responses") or {}).values():
                for media, content in (response.get("content") or {}).items():
                    if content.get("schema", {}).get("format") == "binary":
                        found.add(media)
    return found


def checker(app) -> OpenAPI:
    """Built once per test process: every app of the suite serves the same document."""
    global _checker
    if _checker is None:
        from api.contract.document import served

        document = served(app)
        deserializers = {media: _octets for media in _binary_media_types(document)}
        deserializers["application/problem+json"] = _json
        _checker = OpenAPI.from_dict(document, config=Config(
            extra_media_type_deserializers=deserializers))
    return _checker


class _Request:
    def __init__(self, request: httpx.Request) -> None:
        url = urlsplit(str(request.url))
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = url.path
        self.method = request.method.lower()
        self.body = None  # only the answer is checked (an upload may still be streaming)
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query)),
            header=Headers(dict(request.headers)), cookie=ImmutableMultiDict({}))


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.data = response.content
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))


def check(openapi: OpenAPI, request: httpx.Request, response: httpx.Response) -> None:
    try:
        openapi.validate_response(_Request(request), _Response(response))
    except (PathNotFound, OperationNotFound, ServerNotFound):
        return
    except Exception as exc:  # noqa: BLE001 - every kind of mismatch is a failure
        raise AssertionError(
            f"{request.method} {request.url.path} answered {response.status_code} "
            f"({response.headers.get('content-type')}) outside the OpenAPI document: "
            f"{type(exc).__name__}: {exc} {getattr(exc, '__cause__', '') or ''}\n"
            f"body: {response.content[:500]!r}") from exc


class CheckedTransport(httpx.AsyncBaseTransport):
    """httpx's ASGITransport, with each answer checked against the document."""

    def __init__(self, app) -> None:
        self.app = app
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        await response.aread()
        check(checker(self.app), request, response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
