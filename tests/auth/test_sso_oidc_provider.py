"""Sign-in against a certified OpenID provider: panva's `oidc-provider` from npm, run as a real
Node process (tests/oidc/provider.mjs). A browser-like client walks its authorize → login →
consent pages with PKCE, and motcua redeems the code with `authenticate_with_code`.

Skipped only when Node is not installed; the local Python issuer covers the rest then."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from auth.sso import InvalidAuthorizationCode, InvalidIdToken, authenticate_with_code
from core.settings import Settings

HERE = Path(__file__).resolve().parents[1] / "oidc"
REDIRECT = "vn.gov.motcua:/oauth2redirect"
CLIENT_ID = "motcua-app"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _install() -> None:
    if (HERE / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True,
                   timeout=300, capture_output=True)


@pytest.fixture(scope="module")
def oidc_issuer():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the local Python issuer tests stand in")
    _install()
    port = _free_port()
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_CLIENT_ID": CLIENT_ID,
           "OIDC_REDIRECT_URI": REDIRECT, "NODE_ENV": "development"}
    process = subprocess.Popen([node, "provider.mjs"], cwd=HERE, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("oidc-provider did not start")
            time.sleep(0.2)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        from auth.sso import discovery, jwks

        discovery.forget()
        jwks.forget()


@pytest.fixture
def oidc_settings(oidc_issuer, tmp_path) -> Settings:
    return Settings(sso_issuer=oidc_issuer, sso_client_id=CLIENT_ID, data_dir=tmp_path,
                    database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}")


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def _browser_sign_in(issuer: str, login: str, challenge: str, nonce: str) -> str:
    """Walk the provider's pages as a browser would; return the code sent to the app."""
    params = {"client_id": CLIENT_ID, "response_type": "code", "redirect_uri": REDIRECT,
              "scope": "openid profile phone email", "code_challenge": challenge,
              "code_challenge_method": "S256", "nonce": nonce, "state": "s-42"}
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as browser:
        response = await browser.get(f"{issuer}/auth", params=params)
        for _ in range(10):
            if response.is_redirect:
                location = response.headers["location"]
                if location.startswith(REDIRECT):
                    query = parse_qs(urlsplit(location).query)
                    assert query["state"] == ["s-42"], query
                    return query["code"][0]
                response = await browser.get(urljoin(str(response.url), location))
                continue
            assert response.status_code == 200, response.text
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text).group(1)
            form = {"prompt": prompt}
            if prompt == "login":
                form |= {"login": login, "password": "any"}
            response = await browser.post(urljoin(str(response.url), action), data=form)
    raise AssertionError("the provider never redirected back to the app")


async def test_code_and_pkce_against_oidc_provider_sign_the_citizen_in(
    oidc_issuer, oidc_settings
):
    verifier, challenge = _pkce()
    code = await _browser_sign_in(oidc_issuer, "001090012345", challenge, "nonce-1")
    identity = await authenticate_with_code(code, verifier, REDIRECT, "nonce-1", oidc_settings)
    assert identity.id_number == "001090012345"
    assert identity.full_name == "Nguyễn Văn An"
    assert identity.issuer == oidc_issuer


async def test_oidc_provider_code_cannot_be_redeemed_twice(oidc_issuer, oidc_settings):
    verifier, challenge = _pkce()
    code = await _browser_sign_in(oidc_issuer, "079195001234", challenge, "nonce-2")
    await authenticate_with_code(code, verifier, REDIRECT, "nonce-2", oidc_settings)
    with pytest.raises(InvalidAuthorizationCode) as caught:
        await authenticate_with_code(code, verifier, REDIRECT, "nonce-2", oidc_settings)
    assert caught.value.extra["reason"] == "invalid_grant"


async def test_oidc_provider_code_needs_its_verifier(oidc_issuer, oidc_settings):
    _, challenge = _pkce()
    code = await _browser_sign_in(oidc_issuer, "079195001234", challenge, "nonce-3")
    other_verifier, _ = _pkce()
    with pytest.raises(InvalidAuthorizationCode):
        await authenticate_with_code(code, other_verifier, REDIRECT, "nonce-3", oidc_settings)


async def test_oidc_provider_token_for_another_nonce_is_rejected(oidc_issuer, oidc_settings):
    verifier, challenge = _pkce()
    code = await _browser_sign_in(oidc_issuer, "001090012345", challenge, "nonce-4")
    with pytest.raises(InvalidIdToken) as caught:
        await authenticate_with_code(code, verifier, REDIRECT, "a-different-nonce", oidc_settings)
    assert caught.value.extra["reason"] == "wrong-nonce"


async def test_oidc_provider_token_for_another_client_is_rejected(oidc_issuer, oidc_settings):
    import dataclasses

    verifier, challenge = _pkce()
    code = await _browser_sign_in(oidc_issuer, "001090012345", challenge, "nonce-5")
    # We believe we are "other-app": the provider refuses the code for that client, or the ID
    # token's audience gives it away — either way no sign-in.
    with pytest.raises((InvalidAuthorizationCode, InvalidIdToken)):
        await authenticate_with_code(code, verifier, REDIRECT, "nonce-5",
                                     dataclasses.replace(oidc_settings, sso_client_id="other-app"))
