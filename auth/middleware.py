"""Reads `Authorization: Bearer <access token>` and sets `request.user` to a Principal, or None.

A missing, expired or forged token leaves the request anonymous; the guards on protected routes
answer 401. A token's signature is checked once and remembered until it expires (auth/tokens.py);
its session is not: every request with a token does one lookup by primary key (session ⨝
person), so a logout or a revoked session stops its access tokens at once, on every worker, and a
role taken away applies to the very next request."""

from __future__ import annotations

import logging

from litestar.connection import ASGIConnection
from litestar.middleware import DefineMiddleware
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)

from auth.principal import INVALID_TOKEN, Principal
from auth.sessions import active_session
from auth.tokens import InvalidAccessToken, verify_access_token

log = logging.getLogger("motcua.auth")

ANONYMOUS = AuthenticationResult(user=None, auth=None)
REFUSED = AuthenticationResult(user=None, auth=INVALID_TOKEN)


def bearer_token(connection: ASGIConnection) -> str | None:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class BearerAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = bearer_token(connection)
        if token is None:
            return ANONYMOUS
        settings = connection.app.state.settings
        try:
            claims = verify_access_token(settings, token)
        except InvalidAccessToken as exc:
            log.info("access token refused: %s", exc)
            return REFUSED
        state = await active_session(claims.session_id)
        if state is None or state.person_id != claims.person_id:
            return REFUSED
        principal = Principal(
            person_id=state.person_id,
            role=state.role,
            session_id=claims.session_id,
            agency_id=state.agency_id,
            locale=state.locale,
        )
        return AuthenticationResult(user=principal, auth=claims)


MIDDLEWARE = [DefineMiddleware(BearerAuthenticationMiddleware, exclude=["^/metrics", "^/healthz"])]
