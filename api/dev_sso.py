"""HTTP face of the development identity provider (auth.sso.dev_provider). Every route answers
404 unless development sign-in is on. Only the form that signs a demo person in appears in the
OpenAPI document, and only while development sign-in is on (api/contract/document.py): a
generated client can then walk the whole sign-in of a demo citizen or officer."""

from __future__ import annotations

import base64
from html import escape
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.enums import MediaType, RequestEncodingType
from litestar.params import Body

from api.contract import documented
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


_FIELD = {"type": "string"}
CHOOSE_FORM = {
    "required": True,
    "content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object",
        "required": ["response_type", "client_id", "redirect_uri", "code_challenge",
                     "code_challenge_method", "person"],
        "properties": {
            "response_type": {"type": "string", "enum": ["code"]},
            "client_id": _FIELD, "redirect_uri": _FIELD, "code_challenge": _FIELD,
            "code_challenge_method": {"type": "string", "enum": ["S256"]},
            "state": _FIELD, "nonce": _FIELD,
            "person": {"type": "string", "enum": [p.key for p in DEMO_PEOPLE]},
        },
    }}},
}
REDIRECT = {"303": {
    "description": "Back to `redirect_uri` with `code` and `state`: redeem the code with "
                   "POST /v1/auth/sso",
    "headers": {"Location": {"required": True, "schema": {"type": "string"}}},
}}


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

    @documented(problems=[BadRequest, NotFound], request_body=CHOOSE_FORM, responses=REDIRECT)
    @post("/authorize", status_code=303, include_in_schema=True, operation_id="signInDemoPerson",
          tags=["auth"], summary="Development sign-in: choose a demo person")
    async def authorize(self, request: Request, data: Form) -> Response[None]:
        """What the development sign-in page posts: the authorization request's parameters
        (PKCE S256) and the chosen demo citizen or officer. Only while MOTCUA_DEV_SIGN_IN is on
        (404 otherwise); production refuses to start with it."""
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
