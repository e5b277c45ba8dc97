"""Litestar guards. The auth middleware sets `connection.user` to a Principal or leaves it None.

The guards are coroutines: Litestar runs a plain-function guard on a worker thread, a thread
hop per request for what is a field check."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from auth.principal import INVALID_TOKEN, Principal
from core.problems import Forbidden, Unauthenticated


def _principal(connection: ASGIConnection) -> Principal:
    user = connection.scope.get("user")
    if not isinstance(user, Principal):
        challenge = 'Bearer realm="motcua"'
        if connection.scope.get("auth") == INVALID_TOKEN:
            # RFC 6750 §3.1: tells the app to refresh (or sign in again) rather than just sign in.
            challenge += ', error="invalid_token"'
        raise Unauthenticated(headers={"WWW-Authenticate": challenge})
    return user


async def signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    _principal(connection)


async def citizen_required(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    # Officers are citizens too: they may use the citizen paths for their own dossiers.
    _principal(connection)


async def officer_required(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if not _principal(connection).is_officer:
        raise Forbidden()


async def admin_required(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if _principal(connection).role != "admin":
        raise Forbidden()
