"""Structural: every /v1 route either requires a signed-in caller of some kind (auth/guards.py)
or is listed here as open, with the reason. A new controller that forgets its requirement would
otherwise be open to anyone."""

from __future__ import annotations

from app.factory import create_app
from core.settings import Settings

OPEN = {
    "/v1/auth/jwks.json": "public keys of the access tokens",
    "/v1/auth/refresh": "the refresh token is the credential",
    "/v1/auth/sso": "signing in",
    "/v1/agencies": "catalogue",
    "/v1/fields": "catalogue",
    "/v1/services": "catalogue",
    "/v1/services/{code:str}": "catalogue",
    "/v1/services/{code:str}/fee-quote": "catalogue",
    "/v1/calendar/{year:int}": "the public working-day calendar",
    "/v1/callbacks/payments/{provider:str}": "payment platforms sign their callbacks",
    "/v1/callbacks/postal/{partner_name:str}": "postal partners sign their callbacks",
    "/v1/partner/bookings": "postal partners authenticate with their API key",
    "/v1/events": "a bearer token or a single-use ticket, checked by the handler",
    "/v1/addresses/provinces": "the official administrative units, for address pickers",
    "/v1/addresses/communes": "the official administrative units, for address pickers",
    **{f"/v1/stats/{name}{suffix}": "the indicators of Decision 766: aggregates only"
       for name in ("indicators", "trend", "agencies") for suffix in ("", ".csv")},
    "/v1/results/verify": "anyone may check an electronic result (banks, employers, courts)",
}


def test_every_v1_route_requires_a_caller_or_is_listed_as_open(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'routes.sqlite3'}",
                              data_dir=tmp_path))
    unguarded = {
        route.path
        for route in app.routes if route.path.startswith("/v1/")
        for handler in getattr(route, "route_handlers", [])
        if "OPTIONS" not in getattr(handler, "http_methods", ()) and not handler.opt.get("requires")
    }
    assert unguarded == set(OPEN)
