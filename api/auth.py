"""HTTP routes of the auth domain: sign-in through the national SSO, token refresh, logout,
the public signing keys, and (from api.me) the signed-in person's profile and devices."""

from __future__ import annotations

import re
import time
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig, RateLimitMiddleware
from litestar.params import JSONBody

from api.auth_responses import Jwks, TokenPair
from api.contract import documented
from api.me import MeController
from auth import signin
from auth.guards import SIGNED_IN, requires
from auth.keys import jwks
from auth.lifecycle import RATE_LIMIT_STORE
from auth.people import profile
from auth.problems import InvalidRefreshToken, RefreshTokenReused
from auth.sessions import IssuedTokens, refresh, revoke_session
from core import problems
from core.problems import ValidationFailed

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


class _SignInRateLimit(RateLimitMiddleware):
    """Litestar's rate limit, with the per-minute limit read from this app's settings."""

    async def __call__(self, scope, receive, send) -> None:
        self.max_requests = scope["litestar_app"].state.settings.sign_in_rate_limit
        await super().__call__(scope, receive, send)

    def create_response_headers(self, cache_object) -> dict[str, str]:
        headers = super().create_response_headers(cache_object)
        # RFC 9110 §10.2.3: what a client (or schemathesis) reads to know when to come back.
        headers["Retry-After"] = str(max(0, cache_object.reset - int(time.time())))
        return headers


# Per client address, shared by /v1/auth/sso and /v1/auth/refresh.
SIGN_IN_RATE_LIMIT = RateLimitConfig(
    rate_limit=("minute", 30), store=RATE_LIMIT_STORE, middleware_class=_SignInRateLimit
)


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
    @post("/sso", operation_id="signIn",
          status_code=200, middleware=[SIGN_IN_RATE_LIMIT.middleware],
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
    @post("/refresh", operation_id="refreshTokens",
          status_code=200, middleware=[SIGN_IN_RATE_LIMIT.middleware],
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
