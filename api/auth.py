"""HTTP routes of the auth domain: sign-in through the national SSO, token refresh, logout,
the public signing keys, and (from api.me) the signed-in person's profile and devices."""

from __future__ import annotations

import re
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import Headers, MutableScopeHeaders, State
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.params import JSONBody

from api.auth_responses import Jwks, TokenPair
from api.contract import documented
from api.me import MeController
from auth import signin
from auth.guards import SIGNED_IN, requires
from auth.keys import jwks
from auth.people import profile
from auth.problems import InvalidRefreshToken, RefreshTokenReused
from auth.rate_limit import client_address
from auth.sessions import IssuedTokens, refresh, revoke_session
from core import problems
from core.problems import TooManyRequests, ValidationFailed

Short = Annotated[str, msgspec.Meta(min_length=1, max_length=2048)]
Long = Annotated[str, msgspec.Meta(min_length=1, max_length=16384)]


class SsoSignIn(msgspec.Struct, forbid_unknown_fields=True):
    """Either the authorization-code form (`code`, `code_verifier`, `redirect_uri`, optional
    `nonce`) or the ID-token form (`id_token`, `nonce`) — exactly one."""

    code: Short | None = None
    code_verifier: Short | None = None
    redirect_uri: Short | None = None
    nonce: Short | None = None
    id_token: Long | None = None


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: Short


class SignInRateLimit(ASGIMiddleware):
    """The sign-in limit (auth/rate_limit.py), per client address, shared by /v1/auth/sso and
    /v1/auth/refresh: RateLimit-* headers on every answer, a 429 problem with Retry-After
    past the limit."""

    scopes = (ScopeType.HTTP,)
    answers_429 = True  # read by the contract (api/contract/rules.py)

    async def handle(self, scope, receive, send, next_app) -> None:
        state = scope["litestar_app"].state
        settings = state.settings
        peer = (scope.get("client") or ("127.0.0.1", 0))[0]
        header = Headers.from_scope(scope).get(settings.client_ip_header)
        verdict = await state.sign_in_limiter.hit(
            client_address(peer, header, settings), settings.sign_in_rate_limit)
        if not verdict.allowed:
            raise TooManyRequests(headers=verdict.headers())

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders(message)
                for name, value in verdict.headers().items():
                    headers[name] = value
            await send(message)

        await next_app(scope, receive, send_with_headers)


def _client(request: Request) -> str:
    agent = re.sub(r"\s+", " ", request.headers.get("user-agent", "")).strip()
    return agent[:120]


def _check_one_form(data: JSONBody[SsoSignIn]) -> None:
    code_form = {"code": data.code, "code_verifier": data.code_verifier,
                 "redirect_uri": data.redirect_uri}
    errors = []
    if data.id_token is not None:
        errors += [{"pointer": f"/{name}", "detail": "not allowed with id_token"}
                   for name, value in code_form.items() if value is not None]
        if data.nonce is None:
            errors.append({"pointer": "/nonce", "detail": "required with id_token"})
    else:
        errors += [{"pointer": f"/{name}", "detail": "required"}
                   for name, value in code_form.items() if value is None]
    if errors:
        raise ValidationFailed(
            detail={"vi": "Gửi {code, code_verifier, redirect_uri} hoặc {id_token, nonce}.",
                    "en": "Send either {code, code_verifier, redirect_uri} or {id_token, nonce}."},
            extra={"errors": errors},
        )


async def _token_response(tokens: IssuedTokens) -> TokenPair:
    return {"access_token": tokens.access_token, "token_type": "Bearer",
            "expires_in": tokens.expires_in, "refresh_token": tokens.refresh_token,
            "session_id": tokens.session_id,
            "person": await profile(tokens.person_id)}  # type: ignore[typeddict-item]


class AuthController(Controller):
    path = "/v1/auth"
    tags = ["auth"]

    @documented(problems=[problems.Unauthenticated])
    @post("/sso", operation_id="signIn", status_code=200, middleware=[SignInRateLimit()],
          summary="Exchange a national-SSO result for this service's tokens")
    async def sso(self, request: Request, state: State, data: JSONBody[SsoSignIn]) -> TokenPair:
        """Send either the authorization-code form `{code, code_verifier, redirect_uri, nonce}`
        (this service redeems the code at the national SSO, PKCE S256) or `{id_token, nonce}`. A
        first sign-in creates the person. Answers this service's access token (ES256 JWT) and a
        single-use refresh token. A refused code or ID token is 401."""
        _check_one_form(data)
        settings = state.settings
        if data.id_token is not None:
            tokens = await signin.sign_in_with_id_token(
                settings, id_token=data.id_token, nonce=data.nonce or "", client=_client(request)
            )
        else:
            tokens = await signin.sign_in_with_code(
                settings, code=data.code or "", code_verifier=data.code_verifier or "",
                redirect_uri=data.redirect_uri or "", nonce=data.nonce, client=_client(request),
            )
        return await _token_response(tokens)

    @documented(problems=[InvalidRefreshToken, RefreshTokenReused])
    @post("/refresh", operation_id="refreshTokens", status_code=200,
          middleware=[SignInRateLimit()],
          summary="Rotate the refresh token; reuse of an old one revokes the whole session")
    async def refresh(self, state: State, data: JSONBody[RefreshRequest]) -> TokenPair:
        """Each refresh token works once and the answer carries the next one. An old token sent
        again revokes the whole session (RFC 9700), except a retry within
        MOTCUA_REFRESH_RETRY_GRACE seconds of an answer the app lost."""
        return await _token_response(await refresh(state.settings, data.refresh_token))

    @post("/logout", operation_id="signOut",
          status_code=204, opt=requires(SIGNED_IN), security=[{"bearer": []}],
          summary="End this session: its refresh and access tokens stop working")
    async def logout(self, request: Request) -> None:
        """The session's refresh token and every access token issued for it stop working at once, on
        every process."""
        principal = request.user
        await revoke_session(principal.session_id, person_id=principal.person_id, reason="logout")

    @get("/jwks.json", operation_id="getTokenKeys",
         summary="Public keys that verify this service's access tokens",
         cache=300)
    async def keys(self, state: State) -> Jwks:
        """ES256 keys (JWKS, RFC 7517) by `kid`: a resource server may check access tokens
        itself. Cached 5 minutes."""
        return jwks(state.settings)  # type: ignore[return-value]


ROUTES: list = [AuthController, MeController]
