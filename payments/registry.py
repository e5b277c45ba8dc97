"""Providers register themselves once; the core looks them up by name or by method."""

from __future__ import annotations

import importlib

from payments.provider import PaymentProvider

_providers: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _providers[provider.name] = provider
    return provider


def _load() -> None:
    if not _providers:
        from payments.providers import INSTALLED

        for module in INSTALLED:
            importlib.import_module(module)


def get(name: str) -> PaymentProvider | None:
    _load()
    return _providers.get(name)


def for_method(method: str, *, sandbox: bool) -> PaymentProvider | None:
    """The provider serving `method`; in embedded mode the sandbox stands in for platforms
    that are not configured (see payments/providers/sandbox.py)."""
    _load()
    candidates = [p for p in _providers.values() if method in p.methods]
    return candidates[0] if candidates else None


def all_providers() -> list[PaymentProvider]:
    _load()
    return list(_providers.values())
