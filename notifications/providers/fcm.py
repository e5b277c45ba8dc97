"""Firebase Cloud Messaging, HTTP v1 API (`POST /v1/projects/{project}/messages:send`).

Authorisation is Google's service-account flow: a JWT signed RS256 with the account's private key
is exchanged at its token_uri for an OAuth2 access token (about an hour). The token is cached and
replaced five minutes before it expires, one exchange at a time; a 401 means it was revoked or
expired early, so it is replaced once and the push tried again.

Settings: FCM_SERVICE_ACCOUNT_FILE (the JSON key Google issues: project_id, client_email,
private_key, token_uri), FCM_API_BASE."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt

from core.http import retry_after_seconds
from core.settings import PluginSettings
from notifications.providers.common import HttpPushProvider
from notifications.push import PROVIDERS, DeviceView, Platform, PushMessage, PushResult

log = logging.getLogger("motcua.notifications.fcm")

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_LIFETIME = 3600  # Google accepts at most one hour
REFRESH_EARLY = 300  # seconds before expiry: a push never leaves with a token about to lapse
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
UNREGISTERED_CODES = frozenset({"UNREGISTERED", "NOT_FOUND"})


class TokenExchangeFailed(Exception):
    """The token endpoint did not give us an access token."""


@dataclass(frozen=True)
class ServiceAccount:
    project_id: str
    client_email: str
    private_key: str
    token_uri: str

    @classmethod
    def load(cls, path: Path) -> ServiceAccount:
        raw = json.loads(path.read_text())
        return cls(raw["project_id"], raw["client_email"], raw["private_key"], raw["token_uri"])


@dataclass(frozen=True)
class FcmSettings(PluginSettings):
    """FCM_SERVICE_ACCOUNT_FILE, FCM_API_BASE (a setting so tests can use a local server)."""

    prefix = "FCM_"
    service_account_file: Path | None = None
    api_base: str = "https://fcm.googleapis.com"


class FcmProvider(HttpPushProvider[FcmSettings]):
    name = "fcm"
    platform: Platform = "fcm"
    settings_class = FcmSettings

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forget_credentials()

    def forget_credentials(self) -> None:
        self._account: ServiceAccount | None = None
        self._access_token: str | None = None
        self._expires_at = 0.0

    @property
    def configured(self) -> bool:
        path = self.settings.service_account_file
        return path is not None and path.is_file()

    @property
    def account(self) -> ServiceAccount:
        if self._account is None:
            path = self.settings.service_account_file
            if path is None:
                raise TokenExchangeFailed("FCM_SERVICE_ACCOUNT_FILE is not set")
            self._account = ServiceAccount.load(path)
        return self._account

    async def access_token(self, stale: str | None = None) -> str:
        """A valid access token; `stale` is one the service refused, never handed out again."""
        async with self.lock:  # concurrent pushes wait for one exchange instead of each doing one
            fresh = time.time() < self._expires_at - REFRESH_EARLY
            if self._access_token and fresh and self._access_token != stale:
                return self._access_token
            self._access_token, self._expires_at = await self._exchange()
            return self._access_token

    async def _exchange(self) -> tuple[str, float]:
        account = self.account
        now = int(time.time())
        assertion = jwt.encode(
            {"iss": account.client_email, "scope": SCOPE, "aud": account.token_uri,
             "iat": now, "exp": now + ASSERTION_LIFETIME},
            account.private_key, algorithm="RS256")
        response = await self.client.post(
            account.token_uri, data={"grant_type": GRANT_TYPE, "assertion": assertion})
        if response.status_code != 200:
            raise TokenExchangeFailed(f"token endpoint answered {response.status_code}")
        answer = response.json()
        token, lifetime = answer.get("access_token"), answer.get("expires_in", 3600)
        if not isinstance(token, str) or not isinstance(lifetime, (int, float)):
            raise TokenExchangeFailed("token endpoint answer has no access_token")
        return token, now + float(lifetime)

    async def send(self, device: DeviceView, message: PushMessage) -> PushResult:
        body = {"message": message_body(device.token, message)}
        try:
            base = self.settings.api_base.rstrip("/")
            url = f"{base}/v1/projects/{self.account.project_id}/messages:send"
            token = await self.access_token()
            response = await self._post(url, token, body)
            if response.status_code == 401 and _codes(response) != {"THIRD_PARTY_AUTH_ERROR"}:
                token = await self.access_token(stale=token)
                response = await self._post(url, token, body)
        except (httpx.HTTPError, TokenExchangeFailed, ValueError, KeyError, OSError) as exc:
            # Unreachable service or credentials we cannot use yet: later, never lost.
            log.warning("fcm push not sent: %s", type(exc).__name__)
            return PushResult("retry", detail=type(exc).__name__)
        return classify(response)

    async def _post(self, url: str, token: str, body: dict[str, Any]) -> httpx.Response:
        return await self.client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})


def message_body(token: str, message: PushMessage) -> dict[str, Any]:
    # FCM data values must be strings; the kind travels too so the app can route the tap.
    data = {key: str(value) for key, value in message.data.items()} | {"kind": message.kind}
    android: dict[str, Any] = {"priority": "high"}
    body: dict[str, Any] = {"token": token,
                            "notification": {"title": message.title, "body": message.body},
                            "data": data, "android": android}
    if message.collapse_key:
        android["collapse_key"] = message.collapse_key
        # An FCM token on iOS is delivered through APNs, which collapses by its own header.
        body["apns"] = {"headers": {"apns-collapse-id": message.collapse_key[:64]}}
    return body


def _error(response: httpx.Response) -> dict[str, Any]:
    try:
        error = response.json().get("error")
    except ValueError:
        return {}
    return error if isinstance(error, dict) else {}


def _codes(response: httpx.Response) -> set[str]:
    details = _error(response).get("details") or []
    return {d["errorCode"] for d in details if isinstance(d, dict) and "errorCode" in d}


def _names_token(response: httpx.Response) -> bool:
    """INVALID_ARGUMENT about the device's token itself rather than the message."""
    for detail in _error(response).get("details") or []:
        for violation in (detail.get("fieldViolations") or []) if isinstance(detail, dict) else []:
            if violation.get("field") == "message.token":
                return True
    return "registration token" in str(_error(response).get("message", "")).lower()


def classify(response: httpx.Response) -> PushResult:
    status = response.status_code
    if status == 200:
        return PushResult("sent")
    codes = _codes(response) | {str(_error(response).get("status", ""))} - {""}
    detail = ",".join(sorted(codes)) or f"HTTP {status}"
    if codes & UNREGISTERED_CODES or status == 404:
        return PushResult("unregistered", detail=detail)
    if "INVALID_ARGUMENT" in codes and _names_token(response):
        return PushResult("unregistered", detail=detail)
    if status in RETRYABLE_STATUSES or codes & {"QUOTA_EXCEEDED", "UNAVAILABLE", "INTERNAL"}:
        return PushResult("retry", retry_after_seconds(response.headers.get("Retry-After")),
                          detail)
    if status == 401:  # still refused with a fresh token: our credentials; keep it for later
        return PushResult("retry", detail=detail)
    log.warning("fcm push dropped: %s", detail)
    return PushResult("drop", detail=detail)


provider = PROVIDERS.register(FcmProvider())
