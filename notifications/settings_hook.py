"""The app's settings as the push job sees them (a job gets only its payload). Set at startup by
notifications.lifecycle; a worker process without an app loads them from the environment."""

from __future__ import annotations

from typing import Any

from core.settings import load_settings

_settings: list[Any] = []


def configure(settings: Any) -> None:
    _settings[:] = [settings]


def current() -> Any:
    if not _settings:
        _settings.append(load_settings())
    return _settings[0]
