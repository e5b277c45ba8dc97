"""Providers register themselves once; the core looks them up by name or by method."""

from __future__ import annotations

import importlib
from typing import Any

from payments.provider import PaymentProvider
from payments.providers import INSTALLED

_providers: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _providers[provider.name] = provider
    return provider


def _load() -> None:
    # Every installed module, even when one was imported (and registered) directly before.
    for module in INSTALLED:
        importlib.import_module(module)


def _enabled(provider: PaymentProvider) -> bool:
    # A provider that can be switched off (the sandbox, off in production) is, while off, as if
    # it were not installed: no callback route, no key, no status query, no refund.
    enabled = getattr(provider, "enabled", True)
    return bool(enabled() if callable(enabled) else enabled)


def get(name: str) -> PaymentProvider | None:
    _load()
    provider = _providers.get(name)
    return provider if provider is not None and _enabled(provider) else None


def settled_by(provider: PaymentProvider) -> tuple[str, ...]:
    """The attempts' `provider` values whose money this provider's messages may settle: its
    own, and for bank credits those of every plugin paid by bank transfer (VietQR is one)."""
    return tuple(getattr(provider, "settles", None) or (provider.name,))


SANDBOX = "sandbox"


def _configured(provider: PaymentProvider) -> bool:
    # A provider without settings to miss (vietqr) is always ready; others say so themselves.
    ready = getattr(provider, "configured", True)
    return bool(ready() if callable(ready) else ready)


def for_method(method: str, *, sandbox: bool) -> PaymentProvider | None:
    """The provider serving `method`. With the sandbox switched on (`sandbox`: development only,
    refused in production by core.settings) it stands in for a platform that is not configured;
    otherwise an unconfigured platform is still chosen and answers `provider unavailable`."""
    _load()
    real = [p for p in _providers.values() if method in p.methods and p.name != SANDBOX]
    ready = [p for p in real if _configured(p)]
    if ready:
        return ready[0]
    stand_in = _providers.get(SANDBOX)
    if sandbox and stand_in is not None and _enabled(stand_in) and method in stand_in.methods:
        return stand_in
    return real[0] if real else None


def configure(settings: Any) -> None:
    """Hand this app's settings to every provider that follows settings (app startup; a
    worker process without one reads the environment)."""
    _load()
    for provider in _providers.values():
        hook = getattr(provider, "configure", None)
        if hook is not None:
            hook(settings)


def all_providers() -> list[PaymentProvider]:
    _load()
    return list(_providers.values())
