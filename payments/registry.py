"""Providers register themselves once; the core looks them up by name or by method."""

from __future__ import annotations

from core.plugins import Registry
from core.settings import Settings
from payments.provider import PaymentProvider
from payments.providers import INSTALLED

PROVIDERS: Registry[PaymentProvider] = Registry("payment provider", INSTALLED)

SANDBOX = "sandbox"


def get(name: str) -> PaymentProvider | None:
    """The provider `name`, unless it is switched off (then it is as if not installed)."""
    provider = PROVIDERS.find(name)
    return provider if provider is not None and provider.enabled else None


def settled_by(provider: PaymentProvider) -> tuple[str, ...]:
    """The attempts' `provider` values whose money this provider's messages may settle: its
    own, and for bank credits those of every plugin paid by bank transfer (VietQR is one)."""
    return provider.settles or (provider.name,)


def for_method(method: str, *, sandbox: bool) -> PaymentProvider | None:
    """The provider serving `method`. With the sandbox switched on (`sandbox`: development only,
    refused in production by core.settings) it stands in for a platform that is not configured;
    otherwise an unconfigured platform is still chosen and answers `provider unavailable`."""
    real = [p for p in PROVIDERS if method in p.methods and p.name != SANDBOX]
    ready = [p for p in real if p.configured]
    if ready:
        return ready[0]
    stand_in = PROVIDERS.find(SANDBOX)
    if sandbox and stand_in is not None and stand_in.enabled and method in stand_in.methods:
        return stand_in
    return real[0] if real else None


def configure(settings: Settings) -> None:
    """Hand this app's settings to every provider (app startup; a worker process without one
    reads the environment)."""
    for provider in PROVIDERS:
        provider.configure(settings)
