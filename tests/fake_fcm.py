"""A local FCM: Google's OAuth2 token endpoint and the HTTP v1 send API, for one generated service
account. It checks what Google checks — the service-account JWT (RS256 signature with the
account's public key, iss, scope, aud, exp at most an hour on) before issuing an access token,
that bearer token on every send, the message's shape — and answers with errors a test scripts
per device token."""

from __future__ import annotations

import json
import secrets
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from core.settings import Settings
from notifications.providers.fcm import FcmSettings
from tests.push_servers import Answer, LocalServer

FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"


def _fcm_error(status: int, rpc_status: str, code: str | None, message: str,
               extra: list[dict] | None = None) -> Answer:
    details = ([{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                 "errorCode": code}] if code else []) + (extra or [])
    return Answer(status, {"error": {"code": status, "message": message, "status": rpc_status,
                                     "details": details}})


FCM_ERRORS: dict[str, Callable[[], Answer]] = {
    "unregistered": lambda: _fcm_error(404, "NOT_FOUND", "UNREGISTERED",
                                       "Requested entity was not found."),
    "invalid_token": lambda: _fcm_error(
        400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
        "The registration token is not a valid FCM registration token",
        [{"@type": "type.googleapis.com/google.rpc.BadRequest",
          "fieldViolations": [{"field": "message.token",
                               "description": "Invalid registration token"}]}]),
    "invalid_argument": lambda: _fcm_error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                                           "Invalid value at 'message.android.ttl'"),
    "quota": lambda: _fcm_error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED",
                                "Quota exceeded for sending messages."),
    "unavailable": lambda: _fcm_error(503, "UNAVAILABLE", "UNAVAILABLE",
                                      "The service is currently unavailable."),
    "internal": lambda: _fcm_error(500, "INTERNAL", "INTERNAL", "Internal error."),
}


class FakeFcm(LocalServer):
    """FCM HTTP v1 and Google's OAuth2 token endpoint, for one generated service account."""

    project_id = "motcua-test"
    client_email = "push@motcua-test.iam.gserviceaccount.com"

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.token_lifetime = 3600  # expires_in of the access tokens it issues
        self.token_requests = 0
        self.rejected_assertions: list[str] = []
        self.issued: set[str] = set()
        self.received: list[dict[str, Any]] = []  # messages accepted (the `message` object)
        self.refused: list[str] = []  # why a send was refused (auth or shape)
        self.script: dict[str, list[Answer]] = {}

    def fail(self, device_token: str, error: str, retry_after: str | None = None) -> None:
        answer = FCM_ERRORS[error]()
        if retry_after is not None:
            answer.headers["retry-after"] = retry_after
        self.script.setdefault(device_token, []).append(answer)

    def revoke_tokens(self) -> None:
        """Every access token issued so far stops working (as when Google expires one early)."""
        self.issued.clear()

    @property
    def token_uri(self) -> str:
        return f"{self.url}/token"

    def write_service_account(self, directory: Path) -> Path:
        pem = self._key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()).decode()
        path = directory / "fcm-service-account.json"
        path.write_text(json.dumps({
            "type": "service_account", "project_id": self.project_id,
            "client_email": self.client_email, "private_key": pem,
            "token_uri": self.token_uri}))
        return path

    def own_settings(self, directory: Path) -> FcmSettings:
        return FcmSettings(service_account_file=self.write_service_account(directory),
                           api_base=self.url)

    def settings(self, directory: Path) -> Settings:
        return Settings(plugins=(self.own_settings(directory),))

    def handle(self, scope: dict, headers: dict[str, str], body: bytes) -> Answer:
        if scope["method"] == "POST" and scope["path"] == "/token":
            return self._token(body)
        if (scope["method"] == "POST"
                and scope["path"] == f"/v1/projects/{self.project_id}/messages:send"):
            return self._send(headers, body)
        return Answer(404, {"error": {"code": 404, "status": "NOT_FOUND"}})

    def _token(self, body: bytes) -> Answer:
        self.token_requests += 1
        form = dict(urllib.parse.parse_qsl(body.decode()))
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._reject_assertion("unsupported_grant_type")
        try:
            claims = jwt.decode(form.get("assertion", ""), self._key.public_key(),
                                algorithms=["RS256"], audience=self.token_uri,
                                issuer=self.client_email,
                                options={"require": ["iss", "aud", "iat", "exp"]})
        except jwt.PyJWTError as exc:
            return self._reject_assertion(type(exc).__name__)
        if claims.get("scope") != FCM_SCOPE:
            return self._reject_assertion("scope")
        if claims["exp"] - claims["iat"] > 3600:
            return self._reject_assertion("lifetime over an hour")
        token = f"ya29.{secrets.token_urlsafe(24)}"
        self.issued.add(token)
        return Answer(200, {"access_token": token, "expires_in": self.token_lifetime,
                            "token_type": "Bearer"})

    def _reject_assertion(self, why: str) -> Answer:
        self.rejected_assertions.append(why)
        return Answer(400, {"error": "invalid_grant", "error_description": why})

    def _send(self, headers: dict[str, str], body: bytes) -> Answer:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or token not in self.issued:
            self.refused.append("unauthenticated")
            return _fcm_error(401, "UNAUTHENTICATED", None,
                              "Request had invalid authentication credentials.")
        message = json.loads(body).get("message", {})
        problem = _fcm_shape_problem(message)
        if problem:
            self.refused.append(problem)
            return _fcm_error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", problem)
        queued = self.script.get(message["token"])
        if queued:
            return queued.pop(0)
        self.received.append(message)
        return Answer(200, {"name": f"projects/{self.project_id}/messages/{secrets.token_hex(8)}"})


def _fcm_shape_problem(message: dict[str, Any]) -> str | None:
    if not isinstance(message.get("token"), str):
        return "message.token missing"
    notification = message.get("notification", {})
    if not all(isinstance(notification.get(k), str) for k in ("title", "body")):
        return "message.notification needs title and body"
    if not all(isinstance(v, str) for v in message.get("data", {}).values()):
        return "message.data values must be strings"
    if message.get("android", {}).get("priority") not in (None, "high", "normal"):
        return "message.android.priority"
    return None
