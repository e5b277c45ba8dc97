"""Local stand-ins for FCM and APNs, served by hypercorn on 127.0.0.1 in the test's event loop.

They check what a real push service checks — the FCM service-account JWT (RS256 signature, iss,
scope, aud, exp) before issuing an access token, that bearer token on every send, the APNs ES256
provider token (kid, iss, iat, signature), the APNs headers and that APNs was spoken to over
HTTP/2 — and answer with errors a test scripts per device token."""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypercorn.asyncio import serve
from hypercorn.config import Config

from core.settings import Settings

FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"


@dataclass
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    """An ASGI app on a free port; `async with` starts and stops it."""

    async def __aenter__(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # connections queue from now on, even before hypercorn accepts
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = Config()
        config.bind = [f"fd://{sock.detach()}"]
        config.graceful_timeout = 0.5
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(serve(self.app, config, shutdown_trigger=self._stop.wait))
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        await asyncio.wait_for(self._task, 10)

    async def app(self, scope: dict, receive: Callable[[], Awaitable[dict]],
                  send: Callable[[dict], Awaitable[None]]) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        answer = self.handle(scope, headers, body)
        await send({"type": "http.response.start", "status": answer.status,
                    "headers": [(b"content-type", b"application/json")]
                    + [(k.encode(), v.encode()) for k, v in answer.headers.items()]})
        await send({"type": "http.response.body", "body": json.dumps(answer.body).encode()})

    def handle(self, scope: dict, headers: dict[str, str], body: bytes) -> Answer:
        raise NotImplementedError


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

    def settings(self, directory: Path) -> Settings:
        return Settings(fcm_service_account_file=self.write_service_account(directory),
                        fcm_api_base=self.url)

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


APNS_ERRORS: dict[str, Callable[[], Answer]] = {
    "unregistered": lambda: Answer(410, {"reason": "Unregistered",
                                         "timestamp": int(time.time() * 1000)}),
    "bad_token": lambda: Answer(400, {"reason": "BadDeviceToken"}),
    "too_many": lambda: Answer(429, {"reason": "TooManyRequests"}),
    "unavailable": lambda: Answer(503, {"reason": "ServiceUnavailable"}),
    "expired_provider_token": lambda: Answer(403, {"reason": "ExpiredProviderToken"}),
    "payload_too_large": lambda: Answer(413, {"reason": "PayloadTooLarge"}),
}


@dataclass
class ApnsRequest:
    device_token: str
    http_version: str
    headers: dict[str, str]
    payload: dict[str, Any]


class FakeApns(LocalServer):
    """APNs' provider API for one generated .p8 key."""

    key_id = "ABC123DEFG"
    team_id = "TEAM123456"
    topic = "vn.gov.motcua.app"

    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        self.requests: list[ApnsRequest] = []  # every request, answered or refused
        self.delivered: list[ApnsRequest] = []
        self.provider_tokens: list[str] = []  # distinct provider tokens, in the order first seen
        self.script: dict[str, list[Answer]] = {}

    def fail(self, device_token: str, error: str, retry_after: str | None = None) -> None:
        answer = APNS_ERRORS[error]()
        if retry_after is not None:
            answer.headers["retry-after"] = retry_after
        self.script.setdefault(device_token, []).append(answer)

    def write_key(self, directory: Path) -> Path:
        path = directory / f"AuthKey_{self.key_id}.p8"
        path.write_bytes(self._key.private_bytes(serialization.Encoding.PEM,
                                                 serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
        return path

    def settings(self, directory: Path) -> Settings:
        return Settings(apns_key_file=self.write_key(directory), apns_key_id=self.key_id,
                        apns_team_id=self.team_id, apns_topic=self.topic, apns_api_base=self.url)

    def handle(self, scope: dict, headers: dict[str, str], body: bytes) -> Answer:
        prefix = "/3/device/"
        if scope["method"] != "POST" or not scope["path"].startswith(prefix):
            return Answer(404, {"reason": "BadPath"})
        request = ApnsRequest(scope["path"][len(prefix):], scope["http_version"], headers,
                              json.loads(body or b"{}"))
        self.requests.append(request)
        if request.http_version != "2":  # Apple's provider API is HTTP/2 only
            return Answer(505, {"reason": "HTTP/2 required"})
        refusal = self._check_provider_token(headers.get("authorization", ""))
        if refusal:
            return Answer(403, {"reason": refusal})
        if headers.get("apns-topic") != self.topic:
            return Answer(400, {"reason": "TopicDisallowed"})
        if headers.get("apns-push-type") != "alert":
            return Answer(400, {"reason": "InvalidPushType"})
        if headers.get("apns-priority") not in (None, "5", "10"):
            return Answer(400, {"reason": "BadPriority"})
        if not str(headers.get("apns-expiration", "0")).isdigit():
            return Answer(400, {"reason": "BadExpirationDate"})
        if len(headers.get("apns-collapse-id", "").encode()) > 64:
            return Answer(400, {"reason": "BadCollapseId"})
        alert = request.payload.get("aps", {}).get("alert", {})
        if not (isinstance(alert, dict) and alert.get("title") and alert.get("body")):
            return Answer(400, {"reason": "PayloadEmpty"})
        queued = self.script.get(request.device_token)
        if queued:
            return queued.pop(0)
        self.delivered.append(request)
        return Answer(200, headers={"apns-id": secrets.token_hex(16)})

    def _check_provider_token(self, authorization: str) -> str | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return "MissingProviderToken"
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, self._key.public_key(), algorithms=["ES256"],
                                issuer=self.team_id, options={"require": ["iss", "iat"]})
        except jwt.PyJWTError:
            return "InvalidProviderToken"
        if header.get("kid") != self.key_id or header.get("alg") != "ES256":
            return "InvalidProviderToken"
        if time.time() - claims["iat"] > 3600:
            return "ExpiredProviderToken"
        if token not in self.provider_tokens:
            self.provider_tokens.append(token)
        return None
