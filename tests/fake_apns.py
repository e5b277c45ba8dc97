"""A local APNs provider API for one generated .p8 key. It checks what Apple checks — HTTP/2 only,
the ES256 provider token (kid, iss, iat under an hour old, signature with the key's public half),
apns-topic, apns-push-type, priority, expiration, collapse id, an alert payload — and answers with
errors a test scripts per device token."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from core.settings import Settings
from notifications.providers.apns import ApnsSettings
from tests.push_servers import Answer, LocalServer

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

    def own_settings(self, directory: Path) -> ApnsSettings:
        return ApnsSettings(key_file=self.write_key(directory), key_id=self.key_id,
                            team_id=self.team_id, topic=self.topic, api_base=self.url)

    def settings(self, directory: Path) -> Settings:
        return Settings(plugins=(self.own_settings(directory),))

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
