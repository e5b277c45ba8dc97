"""The one interface every push provider implements, and the registry the push job uses.

A provider only talks to its push service; what to do with the outcome (deactivate a dead token,
retry later, give up) is decided once, by the push job (notifications/jobs.py)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Literal, Protocol

from notifications.providers import INSTALLED

Platform = Literal["fcm", "apns"]


@dataclass(frozen=True)
class DeviceView:
    id: str
    platform: Platform
    token: str  # the push token: never logged
    locale: str = "vi"


@dataclass(frozen=True)
class PushMessage:
    title: str
    body: str
    kind: str  # the notification kind (template key), e.g. "dossier.received"
    data: dict[str, str] = field(default_factory=dict)  # ids only: dossier id, notification id
    collapse_key: str | None = None  # later pushes about the same thing replace earlier ones


@dataclass(frozen=True)
class PushResult:
    outcome: Literal["sent", "unregistered", "retry", "drop"]
    retry_after: float | None = None  # seconds, when the service said so
    detail: str = ""  # error code for logs, never the token


class PushProvider(Protocol):
    name: str
    platform: Platform

    async def send(self, device: DeviceView, message: PushMessage) -> PushResult: ...


_providers: dict[str, PushProvider] = {}


def register(provider: PushProvider) -> PushProvider:
    _providers[provider.name] = provider
    return provider


def _load() -> None:
    for module in INSTALLED:
        importlib.import_module(module)


def all_providers() -> list[PushProvider]:
    _load()
    return list(_providers.values())
