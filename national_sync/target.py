"""Where national records go: one small interface, targets registered by name.

A target answers each record with accepted, retry (optionally after a delay the portal asked
for) or rejected (the portal refuses this record for good). A new portal adapter is a new module
listed in PLUGINS, not an `if` here. Which one runs follows the settings: the first whose own
settings are complete (`http`: NATIONAL_SYNC_URL set); otherwise `sandbox`, which is refused in
production (core.settings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from core.plugins import Registry
from core.settings import ConfigurationError, Settings, load_settings
from national_sync.record import NationalRecord

PLUGINS = ("national_sync.http_target", "national_sync.sandbox_target")


@dataclass(frozen=True)
class SendResult:
    outcome: Literal["accepted", "retry", "rejected"]
    retry_after: float | None = None  # seconds the portal asked us to wait, if it said
    http_status: int | None = None
    detail: str = ""  # for operators; may quote the portal, so never logged

    @classmethod
    def accepted(cls, http_status: int | None = None) -> SendResult:
        return cls("accepted", http_status=http_status)

    @classmethod
    def retry(cls, detail: str, retry_after: float | None = None,
              http_status: int | None = None) -> SendResult:
        return cls("retry", retry_after, http_status, detail)

    @classmethod
    def rejected(cls, http_status: int, detail: str) -> SendResult:
        return cls("rejected", None, http_status, detail)


class Target(Protocol):
    name: str

    async def send(self, record: NationalRecord) -> SendResult: ...

    async def close(self) -> None: ...


class TargetKind(Protocol):
    """A kind of target, registered by name; it builds the target the settings describe."""

    name: str

    def configured(self, settings: Settings) -> bool:
        """Its settings are complete: it is the one records go to."""
        ...

    def build(self, settings: Settings) -> Target: ...


SANDBOX = "sandbox"
TARGETS: Registry[TargetKind] = Registry("national sync target", PLUGINS)
_current: Target | None = None


def target_names() -> list[str]:
    return sorted(TARGETS.names())


def target_for(settings: Settings) -> Target:
    for kind in TARGETS:
        if kind.name != SANDBOX and kind.configured(settings):
            return kind.build(settings)
    if not settings.sandbox_providers:
        raise ConfigurationError(
            "national sync has nowhere to go: set NATIONAL_SYNC_URL, or turn on the sandbox "
            "(MOTCUA_SANDBOX_PROVIDERS) outside production")
    return TARGETS.get(SANDBOX).build(settings)


async def use_target(target: Target | None) -> None:
    """Make `target` the one jobs send to, closing the one it replaces."""
    global _current
    previous, _current = _current, target
    if previous is not None and previous is not target:
        await previous.close()


def current_target() -> Target:
    """The configured target; a worker process that ran no startup hook builds it from the
    environment."""
    global _current
    if _current is None:
        _current = target_for(load_settings())
    return _current
