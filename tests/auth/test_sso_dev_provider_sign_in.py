"""In embedded mode a person picks a demo citizen or officer on the development provider's page,
and the ordinary code + PKCE path (discovery, token endpoint, JWKS, ID-token checks) signs them
in."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from asgi_lifespan import LifespanManager

from auth.sso import InvalidAuthorizationCode, authenticate_with_code
from auth.sso.dev_provider import DEMO_PEOPLE
from core.settings import ConfigurationError

VERIFIER = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag"
REDIRECT = "vn.gov.motcua:/oauth2redirect"


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize_params(nonce: str = "dev-nonce") -> dict[str, str]:
    return {"response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
            "code_challenge": _challenge(VERIFIER), "code_challenge_method": "S256",
            "state": "st-1", "nonce": nonce}


async def _pick(client, person: str, nonce: str = "dev-nonce") -> str:
    page = await client.get("/dev-sso/authorize", params=_authorize_params(nonce))
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.text and "cán bộ" in page.text
    chosen = await client.post("/dev-sso/authorize", data={**_authorize_params(nonce),
                                                            "person": person})
    assert chosen.status_code == 303
    location = urlsplit(chosen.headers["location"])
    assert f"{location.scheme}:{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["st-1"]
    return query["code"][0]


async def test_demo_citizen_signs_in_through_the_code_flow(client, settings):
    code = await _pick(client, "citizen-an")
    identity = await authenticate_with_code(code, VERIFIER, REDIRECT, "dev-nonce", settings)
    assert identity.id_number == "001090012345"
    assert identity.full_name == "Nguyễn Văn An"
    assert identity.issuer == "http://testserver/dev-sso"
    assert identity.officer_claim is None


async def test_demo_officer_carries_the_agency_claim(client, settings):
    code = await _pick(client, "officer-dung")
    identity = await authenticate_with_code(code, VERIFIER, REDIRECT, "dev-nonce", settings)
    assert identity.officer_claim == "000.00.01.H22"


async def test_dev_code_is_single_use(client, settings):
    code = await _pick(client, "citizen-binh")
    await authenticate_with_code(code, VERIFIER, REDIRECT, "dev-nonce", settings)
    with pytest.raises(InvalidAuthorizationCode):
        await authenticate_with_code(code, VERIFIER, REDIRECT, "dev-nonce", settings)


async def test_dev_code_needs_its_pkce_verifier(client, settings):
    code = await _pick(client, "citizen-binh")
    with pytest.raises(InvalidAuthorizationCode):
        await authenticate_with_code(code, "wrong-" + VERIFIER, REDIRECT, "dev-nonce", settings)


async def test_authorize_without_pkce_is_refused(client):
    params = {**_authorize_params(), "code_challenge_method": "plain"}
    response = await client.get("/dev-sso/authorize", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_demo_people_have_valid_id_numbers():
    from auth.id_number import parse_id_number

    assert {parse_id_number(p.id_number).value for p in DEMO_PEOPLE}
    assert any(p.officer_agency for p in DEMO_PEOPLE)


async def test_discovery_names_the_dev_issuer(client):
    response = await client.get("/dev-sso/.well-known/openid-configuration")
    assert response.json()["issuer"] == "http://testserver/dev-sso"
    keys = (await client.get("/dev-sso/jwks")).json()["keys"]
    assert keys and all("d" not in key for key in keys)  # public halves only


async def test_dev_provider_is_absent_when_dev_sign_in_is_off(db, settings):
    import httpx

    from app.factory import create_app
    from core.db import current_engine

    off = dataclasses.replace(settings, dev_sign_in=False)
    app = create_app(off, engine=current_engine())
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            for path in ("/dev-sso/.well-known/openid-configuration", "/dev-sso/jwks",
                         "/dev-sso/authorize"):
                assert (await http.get(path)).status_code == 404
            schema = (await http.get("/schema/openapi.json")).text
            assert not re.search(r"dev-sso", schema)


def test_production_refuses_dev_sign_in(settings):
    from app.factory import create_app

    production = dataclasses.replace(settings, app_env="production", dev_sign_in=True)
    with pytest.raises(ConfigurationError):
        create_app(production)


async def test_demo_citizen_gets_motcua_tokens_from_post_auth_sso(client):
    code = await _pick(client, "citizen-chau")
    response = await client.post("/v1/auth/sso", json={
        "code": code, "code_verifier": VERIFIER, "redirect_uri": REDIRECT, "nonce": "dev-nonce"})
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]
    assert "048302003456" not in response.text


async def test_forged_id_token_is_a_problem_with_a_stable_type(client):
    response = await client.post("/v1/auth/sso", json={"id_token": "e30.e30.", "nonce": "n"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/invalid-id-token")
