"""The one interface every push provider implements, and the registry the push job uses.

A provider only talks to its push service; what to do with the outcome (deactivate a dead token,
retry later, give up) is decided once, by the push job (notifications/jobs.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from core.plugins import Registry
from core.settings import Settings
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

    @property
    def configured(self) -> bool:
        """Its credentials are set: the push job prefers it to the sandbox."""
        ...

    def configure(self, settings: Settings) -> None:
        """The app's settings, at startup."""

    async def send(self, device: DeviceView, message: PushMessage) -> PushResult: ...

    async def aclose(self) -> None:
        """Close what it keeps open between pushes (shutdown)."""


class PushProviderDefaults:
    """The optional members of PushProvider, for a provider with no credentials to wait for
    and nothing kept open."""

    configured = True

    def configure(self, settings: Settings) -> None:
        return None

    async def aclose(self) -> None:
        return None


PROVIDERS: Registry[PushProvider] = Registry("push provider", INSTALLED)
