"""Who may call a route: declared on the route (or its controller) and checked by the auth
middleware as soon as it knows the caller (auth/middleware.py).

    class OfficerDossierController(Controller):
        opt = requires(OFFICER)

    @post("/logout", opt=requires(SIGNED_IN))

A requirement on a route replaces its controller's. Litestar guards would say the same, but
Litestar copies the route handler object for every guard it runs, on every request: a fifth of
the CPU of a dossier read served from memory. The requirement is one dict lookup."""

from __future__ import annotations

from typing import Any

from auth.principal import INVALID_TOKEN, Principal
from core.problems import Forbidden, Unauthenticated

SIGNED_IN = "signed_in"
CITIZEN = "citizen"  # officers are citizens too: they may use the citizen paths for their own
OFFICER = "officer"
ADMIN = "admin"
ACCOUNTANT = "accountant"  # the agency's refund orders
OPT_KEY = "requires"
_LEVELS = (SIGNED_IN, CITIZEN, OFFICER, ADMIN, ACCOUNTANT)


def requires(level: str) -> dict[str, str]:
    """The route `opt` that lets only callers of `level` in."""
    if level not in _LEVELS:
        raise ValueError(f"unknown requirement {level!r}")
    return {OPT_KEY: level}


def authorize(level: str | None, user: Any, auth: Any) -> None:
    """Raise Unauthenticated (401) or Forbidden (403) unless the caller meets `level`."""
    if level is None:
        return
    if not isinstance(user, Principal):
        challenge = 'Bearer realm="motcua"'
        if auth == INVALID_TOKEN:
            # RFC 6750 §3.1: tells the app to refresh (or sign in again) rather than just sign in.
            challenge += ', error="invalid_token"'
        raise Unauthenticated(headers={"WWW-Authenticate": challenge})
    if level == OFFICER and not user.is_officer:
        raise Forbidden()
    if level == ADMIN and user.role != "admin":
        raise Forbidden()
    if level == ACCOUNTANT and not user.is_accountant:
        raise Forbidden()
