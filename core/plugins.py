"""What every kind of partner plugin shares: one registry shape, and settings of its own.

A kind of plugin (payment providers, postal partners, push services, national sync targets) is
one `Registry`, listing the modules that hold its plugins; each such module registers its plugin
when imported, and the registry imports them all the first time it is asked anything. A new
plugin is one new module plus its line in that list.

A plugin that talks to a partner reads its credentials through its own `PluginSettings` class
(core/settings.py), with the environment variables the operator already knows, and is handed the
app's settings at startup (`configure`): a process that ran no app startup (an arq worker) reads
the environment the first time it needs them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

from core.settings import PluginSettings, Settings, load_settings

P = TypeVar("P")
S = TypeVar("S", bound=PluginSettings)


class UnknownPlugin(LookupError):
    """A name that no installed plugin of this kind answers to."""

    def __init__(self, kind: str, name: str, known: Sequence[str]) -> None:
        super().__init__(f"no {kind} named {name!r} (installed: {', '.join(known) or 'none'})")
        self.kind, self.name, self.known = kind, name, tuple(known)


def _name_of(plugin: object) -> str:
    return str(plugin.name)  # type: ignore[attr-defined]


class Registry(Generic[P]):
    """The plugins of one kind, by name, in the order they registered."""

    def __init__(self, kind: str, installed: Sequence[str] = (),
                 key: Callable[[P], str] = _name_of) -> None:
        self.kind = kind
        self.installed = tuple(installed)
        self._key = key
        self._plugins: dict[str, P] = {}
        self._loaded = False

    def register(self, plugin: P) -> P:
        """Add `plugin` (a module does this once, at import); a later one under the same name
        takes its place (a test standing in for a real partner)."""
        self._plugins[self._key(plugin)] = plugin
        return plugin

    def unregister(self, name: str) -> None:
        self._plugins.pop(name, None)

    def _load(self) -> None:
        # Every installed module, even when one was imported (and registered) directly before.
        if not self._loaded:
            for module in self.installed:
                importlib.import_module(module)
            self._loaded = True

    def find(self, name: str) -> P | None:
        self._load()
        return self._plugins.get(name)

    def get(self, name: str) -> P:
        found = self.find(name)
        if found is None:
            raise UnknownPlugin(self.kind, name, self.names())
        return found

    def names(self) -> list[str]:
        self._load()
        return list(self._plugins)

    def __iter__(self) -> Iterator[P]:
        self._load()
        return iter(list(self._plugins.values()))

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._plugins

    def settings_classes(self) -> list[type[PluginSettings]]:
        """The settings classes of the plugins that have some (checked at startup)."""
        return list(dict.fromkeys(p.settings_class for p in self if isinstance(p, Configured)))


class FollowsSettings:
    """A plugin that consults the app's settings (sandbox switch, data directory, public
    address): handed over at startup (`configure`), or read from the environment the first time
    in a process that ran no app startup (an arq worker)."""

    def __init__(self, core: Settings | None = None) -> None:
        self._core = core

    def configure(self, settings: Settings) -> None:
        self._core = settings

    @property
    def core(self) -> Settings:
        if self._core is None:
            self._core = load_settings()
        return self._core


class Configured(FollowsSettings, Generic[S]):
    """A plugin with settings of its own (`settings_class`): given at construction (tests),
    taken from the app's settings at startup (`Settings.section`), or read from the environment
    when first needed."""

    settings_class: type[S]

    def __init__(self, settings: S | None = None, core: Settings | None = None) -> None:
        super().__init__(core)
        self._own = settings

    def configure(self, settings: Settings) -> None:
        super().configure(settings)
        self._own = settings.section(self.settings_class)

    @property
    def settings(self) -> S:
        if self._own is None:
            self._own = self.core.section(self.settings_class)
        return self._own
