"""A local OpenID provider for the sign-in tests: a real HTTP server on 127.0.0.1 (http.server in a
thread) serving discovery, a JWKS and a token endpoint, signing real RS256/ES256 tokens.

Tests drive it like an identity provider they control: rotate keys, go down, hand out codes."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CLIENT_ID = "motcua-app"
CITIZEN_ID = "001090012345"  # Hà Nội (001), male born 1990


@dataclass
class SigningKey:
    kid: str
    private: Any
    alg: str

    def public_jwk(self) -> dict[str, Any]:
        algo = jwt.get_algorithm_by_name(self.alg)
        jwk = json.loads(algo.to_jwk(self.private.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": self.alg}


def new_key(alg: str = "RS256") -> SigningKey:
    private = (rsa.generate_private_key(public_exponent=65537, key_size=2048) if alg == "RS256"
               else ec.generate_private_key(ec.SECP256R1()))
    return SigningKey(uuid.uuid4().hex[:12], private, alg)


@dataclass
class PendingCode:
    claims: dict[str, Any]
    challenge: str
    redirect_uri: str


@dataclass
class LocalIssuer:
    keys: list[SigningKey] = field(default_factory=lambda: [new_key()])
    down: bool = False
    hits: Counter = field(default_factory=Counter)
    codes: dict[str, PendingCode] = field(default_factory=dict)
    client_secret: str | None = None
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    # --- minting -----------------------------------------------------------------------------
    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        base = {"iss": self.url, "sub": CITIZEN_ID, "aud": CLIENT_ID, "iat": now,
                "exp": now + 300, "nonce": "n-0S6_WzA2Mj", "name": "Nguyễn Văn An",
                "phone_number": "+84912345678", "email": "an@example.vn"}
        base.update(overrides)
        return {k: v for k, v in base.items() if v is not None}

    def sign(self, claims: dict[str, Any], key: SigningKey | None = None,
             headers: dict[str, Any] | None = None) -> str:
        key = key or self.keys[0]
        return jwt.encode(claims, key.private, algorithm=key.alg,
                          headers={"kid": key.kid, **(headers or {})})

    def token(self, **overrides: Any) -> str:
        return self.sign(self.claims(**overrides))

    def issue_code(self, verifier: str, redirect_uri: str, **overrides: Any) -> str:
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        code = uuid.uuid4().hex
        self.codes[code] = PendingCode(self.claims(**overrides), challenge, redirect_uri)
        return code

    # --- serving -----------------------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        methods = ["client_secret_basic"] if self.client_secret else ["none"]
        return {"issuer": self.url, "jwks_uri": f"{self.url}/jwks",
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "token_endpoint_auth_methods_supported": methods,
                "id_token_signing_alg_values_supported": ["RS256", "ES256"]}

    def redeem(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict]:
        self.token_requests.append({**form, "authorization": authorization})
        if self.client_secret:
            expected = "Basic " + base64.b64encode(
                f"{CLIENT_ID}:{self.client_secret}".encode()).decode()
            if authorization != expected:
                return 401, {"error": "invalid_client"}
        pending = self.codes.pop(form.get("code", ""), None)  # single use
        if pending is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != pending.challenge or form.get("redirect_uri") != pending.redirect_uri:
            return 400, {"error": "invalid_grant"}
        return 200, {"access_token": uuid.uuid4().hex, "token_type": "Bearer",
                     "expires_in": 300, "id_token": self.sign(pending.claims)}


def _handler(issuer: LocalIssuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            issuer.hits[self.path] += 1
            if issuer.down:
                return self._send(503, {"error": "down"})
            if self.path == "/.well-known/openid-configuration":
                return self._send(200, issuer.metadata())
            if self.path == "/jwks":
                return self._send(200, {"keys": [k.public_jwk() for k in issuer.keys]})
            self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            issuer.hits[self.path] += 1
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if issuer.down:
                return self._send(503, {"error": "down"})
            if self.path != "/token":
                return self._send(404, {"error": "not_found"})
            self._send(*issuer.redeem(form, self.headers.get("Authorization")))

    return Handler


class Running:
    """Start/stop wrapper: stop() makes the port refuse connections, a real outage."""

    def __init__(self, issuer: LocalIssuer) -> None:
        self.issuer = issuer
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(issuer))
        issuer.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# --- fixtures (imported by the tests/auth/test_sso_*.py modules) ------------------------------
import pytest  # noqa: E402

from core.settings import Settings  # noqa: E402


@pytest.fixture
def running_issuer():
    from auth.sso import discovery, jwks

    running = Running(LocalIssuer())
    try:
        yield running
    finally:
        running.stop()
        discovery.forget()
        jwks.forget()


@pytest.fixture
def local_issuer(running_issuer: Running) -> LocalIssuer:
    return running_issuer.issuer


@pytest.fixture
def sso_settings(local_issuer: LocalIssuer, tmp_path) -> Settings:
    return Settings(sso_issuer=local_issuer.url, sso_client_id=CLIENT_ID, data_dir=tmp_path,
                    database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}")


class FakeClock:
    """Stands in for the JWKS cache's monotonic clock, so "30 s later" needs no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def jwks_clock(monkeypatch) -> FakeClock:
    from auth.sso import jwks

    clock = FakeClock()
    monkeypatch.setattr(jwks, "monotonic", clock)
    return clock
