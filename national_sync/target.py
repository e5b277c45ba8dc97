"""Where national records go: one small interface, targets registered by name.

A target answers each record with accepted, retry (optionally after a delay the portal asked
for) or rejected (the portal refuses this record for good). A new portal adapter is a new module
listed in PLUGINS, not an `if` here. Which one runs follows the settings: NATIONAL_SYNC_URL set →
`http`; otherwise `sandbox`, which is refused in production (core.settings)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

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


Factory = Callable[[Settings], Target]
_factories: dict[str, Factory] = {}
_current: Target | None = None


def register(name: str) -> Callable[[Factory], Factory]:
    def add(factory: Factory) -> Factory:
        if name in _factories and _factories[name] is not factory:
            raise ValueError(f"national sync target {name!r} registered twice")
        _factories[name] = factory
        return factory

    return add


def target_names() -> list[str]:
    for module in PLUGINS:
        importlib.import_module(module)
    return sorted(_factories)


def target_for(settings: Settings) -> Target:
    target_names()
    if settings.national_sync_url:
        return _factories["http"](settings)
    if not settings.sandbox_providers:
        raise ConfigurationError(
            "national sync has nowhere to go: set NATIONAL_SYNC_URL, or turn on the sandbox "
            "(MOTCUA_SANDBOX_PROVIDERS) outside production")
    return _factories["sandbox"](settings)


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
