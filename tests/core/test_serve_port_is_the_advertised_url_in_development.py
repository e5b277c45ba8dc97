"""In development `motcua serve --port N` gives out its own address — the issuer of its access
tokens and of the development sign-in — unless MOTCUA_PUBLIC_URL says otherwise."""

from __future__ import annotations

import base64
import hashlib
import os
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
from serve_support import serving

from app import cli

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
REDIRECT = "vn.gov.motcua:/oauth2redirect"


def test_serve_port_is_advertised(tmp_path):
    with serving(tmp_path) as base:
        port = urlsplit(base).port
        assert port != 8000
        metadata = httpx.get(f"{base}/dev-sso/.well-known/openid-configuration").json()
        assert metadata["issuer"] == f"http://127.0.0.1:{port}/dev-sso"
        assert metadata["authorization_endpoint"].startswith(f"http://127.0.0.1:{port}/")

        challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
        params = {"response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
                  "code_challenge": challenge.rstrip(b"=").decode(),
                  "code_challenge_method": "S256", "state": "s", "nonce": "n"}
        chosen = httpx.post(f"{base}/dev-sso/authorize", data={**params, "person": "citizen-an"})
        code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
        tokens = httpx.post(f"{base}/v1/auth/sso", json={
            "code": code, "code_verifier": VERIFIER, "redirect_uri": REDIRECT, "nonce": "n"},
            timeout=30)
        assert tokens.status_code == 200, tokens.text
        claims = jwt.decode(tokens.json()["access_token"], options={"verify_signature": False})
        assert claims["iss"] == f"http://127.0.0.1:{port}"


def test_a_public_url_that_is_set_wins(monkeypatch):
    monkeypatch.setenv("MOTCUA_PUBLIC_URL", "https://motcua.example.gov.vn")
    cli._advertise("0.0.0.0", 8410)
    assert os.environ["MOTCUA_PUBLIC_URL"] == "https://motcua.example.gov.vn"
    monkeypatch.delenv("MOTCUA_PUBLIC_URL")
    cli._advertise("0.0.0.0", 8410)
    assert os.environ["MOTCUA_PUBLIC_URL"] == "http://127.0.0.1:8410"
    monkeypatch.delenv("MOTCUA_PUBLIC_URL")
    cli._advertise("::1", 8411)
    assert os.environ["MOTCUA_PUBLIC_URL"] == "http://[::1]:8411"
