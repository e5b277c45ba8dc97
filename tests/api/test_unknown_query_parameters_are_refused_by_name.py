"""A query parameter the operation does not take is refused with 400 problem+json naming it —
on every route, from what its handler declares — instead of being silently ignored (an app's
typo would otherwise show unfiltered data). Declared parameters pass; routes whose leniency is a
documented choice (the development OpenID provider, gateways' callbacks) accept any."""

from __future__ import annotations

from api.query_check import LENIENT_KEY
from tests.dossier_factories import citizen_headers, officer_headers


def _names(answer) -> list[str]:
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["type"].endswith("/unknown-query-parameter")
    assert all(e["in"] == "query" for e in problem["errors"])
    return [e["parameter"] for e in problem["errors"]]


async def test_unknown_parameters_are_named(client):
    citizen = await citizen_headers(client)
    assert _names(await client.get("/v1/dossiers?service_code=HN.TP.001",
                                   headers=citizen)) == ["service_code"]
    assert _names(await client.get("/v1/notifications?unread=true&limit=5",
                                   headers=citizen)) == ["unread"]
    assert _names(await client.get("/v1/services?q=khai+sinh&sort=name&Limit=3")) == [
        "sort", "Limit"]  # names are exact: a wrong case is another name
    officer = await officer_headers(client)
    assert _names(await client.get("/v1/officer/dossiers?assignee=me",
                                   headers=officer)) == ["assignee"]
    assert _names(await client.get("/healthz?verbose=1")) == ["verbose"]


async def test_declared_parameters_pass(client):
    citizen = await citizen_headers(client)
    assert (await client.get("/v1/dossiers?limit=5", headers=citizen)).status_code == 200
    assert (await client.get("/v1/notifications?limit=5", headers=citizen)).status_code == 200
    assert (await client.get("/v1/services?q=khai+sinh&limit=3")).status_code == 200
    assert (await client.get("/v1/me", headers=citizen)).status_code == 200


async def test_lenient_routes_are_the_documented_ones(client, app):
    lenient = sorted({route.path for route in app.routes
                      for handler in getattr(route, "route_handlers", [])
                      if handler.opt.get(LENIENT_KEY)})
    assert lenient == [
        "/dev-sso/.well-known/openid-configuration", "/dev-sso/authorize", "/dev-sso/jwks",
        "/dev-sso/token", "/v1/callbacks/payments/{provider:str}",
        "/v1/payments/{payment_id:str}",  # a checkout's return URL
    ]
    page = await client.get("/dev-sso/authorize", params={
        "response_type": "code", "client_id": "motcua-app", "redirect_uri": "app:/cb",
        "code_challenge": "x" * 43, "code_challenge_method": "S256", "prompt": "login"})
    assert page.status_code == 200
