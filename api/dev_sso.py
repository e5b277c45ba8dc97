"""HTTP face of the development identity provider (auth.sso.dev_provider). Every route answers
404 unless development sign-in is on; none appears in the OpenAPI document."""

from __future__ import annotations

import base64
from html import escape
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.enums import MediaType, RequestEncodingType
from litestar.params import Body

from api.query_check import LENIENT_QUERY
from auth.sso.dev_provider import DEMO_PEOPLE, DevProvider, demo_person
from core.problems import BadRequest, NotFound

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _provider(request: Request) -> DevProvider:
    provider = getattr(request.app.state, "dev_sso", None)
    if provider is None:
        raise NotFound()
    return provider


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return user, secret


def _role_label(person) -> str:
    if person.role == "admin":
        return "quản trị hệ thống (admin)"
    if person.officer_agency:
        return f"cán bộ {person.officer_agency}"
    return "công dân"


def _page(fields: dict[str, str]) -> str:
    hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                     for k, v in fields.items())
    buttons = "".join(
        f'<p><button name="person" value="{escape(p.key)}">{escape(p.full_name)} — '
        f'{escape(_role_label(p))}</button></p>'
        for p in DEMO_PEOPLE)
    return ("<!doctype html><html lang=vi><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width'>"
            "<title>Đăng nhập thử nghiệm</title><h1>Đăng nhập thử nghiệm (development)</h1>"
            f"<p>Chọn người dùng mẫu:</p><form method=post>{hidden}{buttons}</form></html>")


class DevSsoController(Controller):
    path = "/dev-sso"
    include_in_schema = False
    opt = LENIENT_QUERY  # RFC 6749 §3.1: an authorization server ignores unknown parameters

    @get("/.well-known/openid-configuration")
    async def metadata(self, request: Request) -> dict[str, Any]:
        return _provider(request).metadata()

    @get("/jwks")
    async def jwks(self, request: Request) -> dict[str, Any]:
        return _provider(request).jwks()

    @get("/authorize", media_type=MediaType.HTML)
    async def authorize_page(self, request: Request) -> str:
        provider = _provider(request)
        auth_request = provider.authorize_request(dict(request.query_params))
        return _page(auth_request.hidden_fields())

    @post("/authorize", status_code=303)
    async def authorize(self, request: Request, data: Form) -> Response[None]:
        provider = _provider(request)
        auth_request = provider.authorize_request(data)
        person = demo_person(data.get("person", ""))
        if person is None:
            raise BadRequest(detail="unknown demo person")
        location = provider.issue_code(auth_request, person)
        return Response(None, status_code=303, headers={"Location": location})

    @post("/token", status_code=200)
    async def token(self, request: Request, data: Form) -> Response[dict[str, Any]]:
        status, body = _provider(request).redeem(data, _basic(request))
        return Response(body, status_code=status,
                        headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


ROUTES = [DevSsoController]
