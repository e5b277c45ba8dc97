"""The development sign-in page offers every demo person of the seed — the officers of each demo
agency and the administrator among them — and a role granted with `motcua grant-officer` (the
same `assign_role`) is still there after the person's next development sign-in: the demo role
is where a person starts, not what every sign-in resets them to."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

from auth.roles import assign_role
from catalogue.seed import demo_people, seed_demo
from models.auth import Person

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
REDIRECT = "vn.gov.motcua:/oauth2redirect"


def _params() -> dict[str, str]:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
    return {"response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
            "code_challenge": challenge.rstrip(b"=").decode(), "code_challenge_method": "S256",
            "state": "s", "nonce": "n-1"}


async def _me_after_dev_sign_in(client, key: str) -> dict:
    chosen = await client.post("/dev-sso/authorize", data={**_params(), "person": key})
    assert chosen.status_code == 303, chosen.text
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    tokens = await client.post("/v1/auth/sso", json={
        "code": code, "code_verifier": VERIFIER, "redirect_uri": REDIRECT, "nonce": "n-1"})
    assert tokens.status_code == 200, tokens.text
    bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
    return (await client.get("/v1/me", headers=bearer)).json()


async def test_the_page_offers_every_demo_person_with_an_admin(client):
    page = await client.get("/dev-sso/authorize", params=_params())
    assert page.status_code == 200
    people = demo_people()
    assert {p["role"] for p in people} >= {"citizen", "officer", "admin"}
    for person in people:
        assert f'value="{person["key"]}"' in page.text and person["full_name"] in page.text
    assert "quản trị" in page.text


async def test_the_demo_admin_signs_in_as_an_admin(client):
    await seed_demo()
    me = await _me_after_dev_sign_in(client, "admin")
    assert me["role"] == "admin" and me["full_name"] == "Quản trị hệ thống"


async def test_a_granted_role_survives_the_next_dev_sign_in(client):
    await seed_demo()
    assert (await _me_after_dev_sign_in(client, "citizen-an"))["role"] == "citizen"
    an = await Person.select(Person.id).where(Person.id_number == "001090012345").first()
    await assign_role(an["id"], "000.00.02.H22", "officer", actor="cli")
    me = await _me_after_dev_sign_in(client, "citizen-an")
    assert me["role"] == "officer" and me["agency"]["unit_code"] == "000.00.02.H22"

    # Taking a demo officer's role away lasts too.
    dung = await Person.select(Person.id).where(Person.id_number == "001085007890").first()
    await assign_role(dung["id"], "000.00.01.H22", "citizen", actor="cli")
    assert (await _me_after_dev_sign_in(client, "officer-dung"))["role"] == "citizen"


async def test_a_first_dev_sign_in_still_gets_the_demo_role(client):
    from tests.auth_helpers import agency_id

    await agency_id("000.00.01.H22")  # no seed: the person is created by the sign-in
    me = await _me_after_dev_sign_in(client, "officer-dung")
    assert me["role"] == "officer" and me["agency"]["unit_code"] == "000.00.01.H22"
