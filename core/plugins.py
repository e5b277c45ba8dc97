"""What partner plugins (payment providers, push services, postal partners) share."""

from __future__ import annotations

from core.settings import Settings, load_settings


class FollowsSettings:
    """A plugin that reads the app's settings: handed over at startup (`configure`), or read from
    the environment the first time in a process that ran no app startup (an arq worker)."""

    _settings: Settings | None = None

    def configure(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings
