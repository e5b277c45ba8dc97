"""The whole path with nothing faked: the development identity provider's page, the code + PKCE
exchange, ID-token checks, then this service's own tokens."""

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

from auth.signin import parse_officer_claim
from tests.auth_helpers import agency_id

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
REDIRECT = "vn.gov.motcua:/oauth2redirect"


def _params(nonce: str) -> dict[str, str]:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
    return {"response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
            "code_challenge": challenge.rstrip(b"=").decode(), "code_challenge_method": "S256",
            "state": "s", "nonce": nonce}


async def _sign_in_as(client, demo_person: str):
    chosen = await client.post("/dev-sso/authorize",
                               data={**_params("n-1"), "person": demo_person})
    assert chosen.status_code == 303, chosen.text
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    return await client.post("/v1/auth/sso", json={
        "code": code, "code_verifier": VERIFIER, "redirect_uri": REDIRECT, "nonce": "n-1"})


async def test_demo_citizen_gets_tokens_that_open_me(client):
    r = await _sign_in_as(client, "citizen-an")
    assert r.status_code == 200, r.text
    tokens = r.json()
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    assert me.json()["full_name"] == "Nguyễn Văn An"
    assert me.json()["id_number_masked"] == "0010*****345"
    assert me.json()["role"] == "citizen"
    refreshed = await client.post("/v1/auth/refresh",
                                  json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200


async def test_demo_officer_is_an_officer_of_their_agency(client):
    await agency_id("000.00.01.H22")
    r = await _sign_in_as(client, "officer-dung")
    assert r.status_code == 200, r.text
    assert r.json()["person"]["role"] == "officer"
    assert r.json()["person"]["agency"]["unit_code"] == "000.00.01.H22"


async def test_wrong_nonce_signs_nobody_in(client):
    chosen = await client.post("/dev-sso/authorize",
                               data={**_params("n-1"), "person": "citizen-an"})
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    r = await client.post("/v1/auth/sso", json={
        "code": code, "code_verifier": VERIFIER, "redirect_uri": REDIRECT, "nonce": "other"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


def test_officer_claim_formats():
    assert parse_officer_claim("officer:000.00.01.H22") == ("officer", "000.00.01.H22")
    assert parse_officer_claim("admin:000.00.01.H22") == ("admin", "000.00.01.H22")
    assert parse_officer_claim("000.00.01.H22") == ("officer", "000.00.01.H22")
    assert parse_officer_claim(["", "admin:G01"]) == ("admin", "G01")
    assert parse_officer_claim("citizen:000.00.01.H22") is None
    assert parse_officer_claim(None) is None and parse_officer_claim("") is None
