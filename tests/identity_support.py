"""Signing in through the development identity provider (the real OIDC code + PKCE path), so
the person's identity claims are kept as at a real sign-in; and what each demo person's identity
says, from catalogue/demo_people.json."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx

from catalogue.seed import demo_people

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
REDIRECT = "vn.gov.motcua:/oauth2redirect"


async def sso_headers(client: httpx.AsyncClient, person: str) -> dict[str, str]:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
    params = {"response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
              "code_challenge": challenge.rstrip(b"=").decode(),
              "code_challenge_method": "S256", "state": "s", "nonce": "n-1"}
    chosen = await client.post("/dev-sso/authorize", data={**params, "person": person})
    assert chosen.status_code == 303, chosen.text
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    answer = await client.post("/v1/auth/sso", json={
        "code": code, "code_verifier": VERIFIER, "redirect_uri": REDIRECT, "nonce": "n-1"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def identity_of(person: str) -> dict[str, str]:
    """The pre-fill profile the demo person's sign-in gives (auth.identity_profile)."""
    data = next(p for p in demo_people() if p["key"] == person)
    where = data["address"]
    return {"full_name": data["full_name"], "birth_date": data["birth_date"], "sex": data["sex"],
            "id_number": data["id_number"], "phone": data["phone"],
            "permanent_address": f"{where['street']}, {where['commune']}, {where['province']}"}
