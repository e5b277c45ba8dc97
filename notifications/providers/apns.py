"""Apple Push Notification service over HTTP/2 (`POST /3/device/{token}`), token-based auth.

The provider token is a JWT signed ES256 with the team's .p8 key (header kid = key id, claims
iss = team id and iat). Apple refuses one older than an hour and answers TooManyProviderTokenUpdates
to one replaced more often than every 20 minutes, so it is reused and replaced after 40; an
ExpiredProviderToken / InvalidProviderToken answer replaces it once and the push is tried again.
APNs speaks only HTTP/2, hence `http1=False`.

Settings: APNS_KEY_FILE, APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC (the app's bundle id),
APNS_API_BASE (https://api.sandbox.push.apple.com for development builds of the app)."""

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

log = logging.getLogger("motcua.notifications.apns")

TOKEN_REUSE = 40 * 60  # within Apple's 20–60 minute window
EXPIRATION = 24 * 3600  # a status push older than a day is not worth showing any more
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
DEAD_TOKEN_REASONS = frozenset({"BadDeviceToken", "DeviceTokenNotForTopic", "Unregistered"})
PROVIDER_TOKEN_REASONS = frozenset({"ExpiredProviderToken", "InvalidProviderToken"})


@dataclass(frozen=True)
class ApnsSettings(PluginSettings):
    """APNS_KEY_FILE, APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC, APNS_API_BASE."""

    prefix = "APNS_"
    key_file: Path | None = None  # the token-signing .p8 key
    key_id: str | None = None
    team_id: str | None = None
    topic: str | None = None  # the app's bundle id
    api_base: str = "https://api.push.apple.com"


class ApnsProvider(HttpPushProvider[ApnsSettings]):
    name = "apns"
    platform: Platform = "apns"
    settings_class = ApnsSettings
    client_options = {"http2": True, "http1": False}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forget_credentials()

    def forget_credentials(self) -> None:
        self._key: str | None = None
        self._token: str | None = None
        self._issued_at = 0.0

    @property
    def configured(self) -> bool:
        s = self.settings
        return bool(s.key_file and s.key_file.is_file() and s.key_id and s.team_id and s.topic)

    async def provider_token(self, stale: str | None = None) -> str:
        """The current provider token; `stale` is one Apple refused, replaced once for everyone."""
        async with self.lock:
            young = time.time() < self._issued_at + TOKEN_REUSE
            if self._token and young and self._token != stale:
                return self._token
            s = self.settings
            if self._key is None:
                if s.key_file is None:
                    raise OSError("APNS_KEY_FILE is not set")
                self._key = s.key_file.read_text()
            now = int(time.time())
            self._token = jwt.encode({"iss": s.team_id, "iat": now}, self._key,
                                     algorithm="ES256", headers={"kid": s.key_id})
            self._issued_at = now
            return self._token

    async def send(self, device: DeviceView, message: PushMessage) -> PushResult:
        url = f"{self.settings.api_base.rstrip('/')}/3/device/{device.token}"
        payload = json.dumps(payload_of(message), ensure_ascii=False).encode()
        try:
            token = await self.provider_token()
            response = await self._post(url, token, message, payload)
            if response.status_code == 403 and _reason(response) in PROVIDER_TOKEN_REASONS:
                token = await self.provider_token(stale=token)
                response = await self._post(url, token, message, payload)
        except (httpx.HTTPError, OSError, ValueError) as exc:
            log.warning("apns push not sent: %s", type(exc).__name__)
            return PushResult("retry", detail=type(exc).__name__)
        return classify(response)

    async def _post(self, url: str, token: str, message: PushMessage,
                    payload: bytes) -> httpx.Response:
        headers = {
            "authorization": f"bearer {token}",
            "apns-push-type": "alert",
            "apns-topic": self.settings.topic or "",
            "apns-priority": "10",
            "apns-expiration": str(int(time.time()) + EXPIRATION),
            "content-type": "application/json",
        }
        if message.collapse_key:
            headers["apns-collapse-id"] = message.collapse_key[:64]  # Apple's limit: 64 bytes
        return await self.client.post(url, content=payload, headers=headers)


def payload_of(message: PushMessage) -> dict[str, Any]:
    # Custom keys sit beside "aps"; the kind travels so the app can route the tap.
    return {**message.data, "kind": message.kind,
            "aps": {"alert": {"title": message.title, "body": message.body},
                    "sound": "default"}}


def _reason(response: httpx.Response) -> str:
    try:
        reason = response.json().get("reason")
    except (ValueError, AttributeError):
        return ""
    return reason if isinstance(reason, str) else ""


def classify(response: httpx.Response) -> PushResult:
    status, reason = response.status_code, _reason(response)
    detail = reason or f"HTTP {status}"
    if status == 200:
        return PushResult("sent")
    # 410: the app was removed. A phone that registers the token again later is the push job's
    # concern (it re-activates the device); the provider only reports what Apple said.
    if status == 410 or reason in DEAD_TOKEN_REASONS:
        return PushResult("unregistered", detail=detail)
    if status in RETRYABLE_STATUSES:
        return PushResult("retry", retry_after_seconds(response.headers.get("Retry-After")),
                          detail)
    if status == 403 and reason in PROVIDER_TOKEN_REASONS:  # refused again with a new token
        return PushResult("retry", detail=detail)
    log.warning("apns push dropped: %s", detail)
    return PushResult("drop", detail=detail)


provider = PROVIDERS.register(ApnsProvider())
