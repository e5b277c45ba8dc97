"""Reads `Authorization: Bearer <access token>` and sets `request.user` to a Principal, or None.

A missing, expired or forged token leaves the request anonymous; the guards on protected routes
answer 401 (auth/guards.py: a route's requirement is checked here, once the caller is known).
A token's signature is checked once and remembered until it expires (auth/tokens.py).
Its session is checked on every request, against a copy kept in memory while this process hears
of every change (auth/sessions.py, core/cache.py): a logout, a revoked session or a role taken
away is announced by the write itself, so it stops the session's tokens on every process at
once, and with Redis unreachable the session is read from the database each time."""

from __future__ import annotations

import logging

from litestar.connection import ASGIConnection
from litestar.middleware import DefineMiddleware
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)

from auth.guards import OPT_KEY, authorize
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
        result = await self._identify(connection)
        # What the route requires of its caller (auth/guards.py): 401/403 before the handler.
        route = connection.scope.get("route_handler")
        authorize(route.opt.get(OPT_KEY) if route is not None else None, result.user,
                  result.auth)
        return result

    async def _identify(self, connection: ASGIConnection) -> AuthenticationResult:
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
            assurance_level=state.assurance_level,
        )
        return AuthenticationResult(user=principal, auth=claims)


MIDDLEWARE = [DefineMiddleware(BearerAuthenticationMiddleware, exclude=["^/metrics", "^/healthz"])]
