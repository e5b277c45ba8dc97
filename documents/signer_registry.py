"""Signers register themselves; the core takes the one the settings name (MOTCUA_SIGNER)."""

from __future__ import annotations

import importlib
from typing import Any

from core.settings import Settings
from documents.signer import ResultSigner, SignerUnavailable
from documents.signers import INSTALLED

_factories: dict[str, Any] = {}
_current: dict[tuple, ResultSigner] = {}


def register(name: str, factory) -> None:
    """`factory(settings) -> ResultSigner`."""
    _factories[name] = factory


def _load() -> None:
    for module in INSTALLED:
        importlib.import_module(module)


def signer_for(settings: Settings) -> ResultSigner:
    """The configured signer, built once per configuration."""
    _load()
    name = settings.signer
    factory = _factories.get(name)
    if factory is None:
        raise SignerUnavailable(f"no signer plugin named {name!r}")
    key = (name, settings.data_dir, settings.signing_dir, settings.tsa_url,
           settings.tsa_roots_file, settings.production)
    if key not in _current:
        _current[key] = factory(settings)
    return _current[key]
