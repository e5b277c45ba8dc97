"""The one list of domains. Each names the modules through which it contributes to the app:

- `routes`: an api module with `ROUTES` (controllers/routers/handlers);
- `jobs`: a module with `JOBS` (job specs) and optionally `PERIODIC` (periodic job specs);
- `lifecycle`: a module with optional `async on_startup(app)` / `async on_shutdown(app)` for the
  API processes and `async on_worker_startup()` for `motcua worker`;
- `middleware`: a module with `MIDDLEWARE` (app-level Litestar middleware, in order);
- `plugins`: a module with `plugins(settings)` returning Litestar plugins (they may depend on
  settings, e.g. a Redis backend when REDIS_URL is set);
- `registry`: `module:NAME` of a partner plugin registry (core.plugins.Registry), whose plugins'
  own settings are checked with the core's before anything starts (`check_settings`).
- `cli`: a module with `COMMANDS` (click commands or groups added to `motcua`).

The app factory (`app.factory`) and the `motcua` command (`app.cli`) read this list; the job
runtime and the worker do not import it but receive its jobs (and the worker its start-up hooks)
when they start. Adding a domain is one line here."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

# Loaded in every process that reads this list (API, worker, commands): on import they plug
# into the dossier lifecycle, which never imports them (the rating in a dossier's detail; the
# signing and storing of an issued result).
import documents  # noqa: F401
import ratings  # noqa: F401
from core.plugins import Registry
from core.settings import PluginSettings, Settings


@dataclass(frozen=True)
class Domain:
    name: str
    routes: str | None = None
    jobs: str | None = None
    lifecycle: str | None = None
    middleware: str | None = None
    plugins: str | None = None
    registry: str | None = None
    cli: str | None = None

    def _module(self, attr: str) -> ModuleType | None:
        path = getattr(self, attr)
        return importlib.import_module(path) if path else None

    def _listed(self, attr: str, name: str) -> list:
        """The list `name` of the module this domain names in `attr` (none if it names none)."""
        module = self._module(attr)
        return list(getattr(module, name, [])) if module else []

    def route_handlers(self) -> list:
        return self._listed("routes", "ROUTES")

    def job_specs(self) -> list:
        return self._listed("jobs", "JOBS")

    def periodic_specs(self) -> list:
        return self._listed("jobs", "PERIODIC")

    def middleware_list(self) -> list:
        return self._listed("middleware", "MIDDLEWARE")

    def plugin_list(self, settings) -> list:
        module = self._module("plugins")
        return list(module.plugins(settings)) if module else []

    def plugin_registry(self) -> Registry | None:
        if self.registry is None:
            return None
        module, _, name = self.registry.partition(":")
        return getattr(importlib.import_module(module), name)

    def commands(self) -> list:
        return self._listed("cli", "COMMANDS")

    def hooks(self, name: str) -> list:
        module = self._module("lifecycle")
        hook = getattr(module, name, None) if module else None
        return [hook] if hook else []


DOMAINS: list[Domain] = [
    Domain("ops", routes="api.ops"),
    # Rows kept in memory and the Redis channel that tells every process what changed.
    Domain("caches", lifecycle="core.cache"),
    # The platform's own periodic work: finished outbox rows, expired idempotency records.
    Domain("jobs", jobs="jobs.builtin"),
    Domain("auth", routes="api.auth", jobs="auth.jobs", lifecycle="auth.lifecycle",
           middleware="auth.middleware", cli="auth.cli"),
    # Development identity provider: its routes answer 404 unless MOTCUA_DEV_SIGN_IN is on.
    Domain("dev_sso", routes="api.dev_sso", lifecycle="auth.sso.lifecycle"),
    Domain("catalogue", routes="api.catalogue"),
    Domain("workdays", routes="api.workdays", lifecycle="workdays.lifecycle",
           cli="workdays.cli"),
    Domain("dossiers", routes="api.dossiers", jobs="dossiers.jobs",
           lifecycle="dossiers.lifecycle"),
    # The citizen's document store, signed results and their public check.
    Domain("documents", routes="api.documents", lifecycle="documents.lifecycle"),
    Domain("national_sync", jobs="national_sync.jobs", lifecycle="national_sync.lifecycle",
           registry="national_sync.target:TARGETS"),
    Domain("payments_sandbox", jobs="payments.providers.sandbox_jobs",
           lifecycle="payments.providers.sandbox_jobs"),
    Domain("payments", routes="api.payments", jobs="payments.jobs",
           registry="payments.registry:PROVIDERS"),
    Domain("postal_webhooks", routes="api.ops_webhooks", jobs="postal.webhooks.jobs",
           cli="postal.webhooks.cli"),
    Domain("postal", routes="api.postal", jobs="postal.jobs", lifecycle="postal.lifecycle",
           registry="postal.partner:PARTNERS"),
    Domain("postal_partners", routes="api.partner"),
    # The administrative units (vietnam-provinces) for the apps' address pickers.
    Domain("addresses", routes="api.addresses"),
    Domain("live", routes="api.events", plugins="notifications.live"),
    Domain("notifications", routes="api.notifications", jobs="notifications.jobs",
           lifecycle="notifications.lifecycle", registry="notifications.push:PROVIDERS"),
    Domain("ratings", routes="api.ratings", lifecycle="ratings.lifecycle"),
    Domain("feedback", routes="api.feedback", jobs="feedback.jobs", lifecycle="feedback.lifecycle"),
    # The indicators of Decision 766: rollups kept from the outbox, /v1/stats and /dashboard.
    Domain("stats", routes="api.stats", jobs="stats.rollup", cli="stats.cli"),
    Domain("dashboard", routes="api.dashboard"),
]


def all_job_specs() -> list:
    return list(_job_specs())


@lru_cache(maxsize=1)  # the domains do not change while running
def _job_specs() -> tuple:
    return tuple(spec for domain in DOMAINS for spec in domain.job_specs())


def all_periodic_specs() -> list:
    return [spec for domain in DOMAINS for spec in domain.periodic_specs()]


def all_middleware() -> list:
    return [mw for domain in DOMAINS for mw in domain.middleware_list()]


def plugin_settings() -> list[type[PluginSettings]]:
    """The settings classes of every installed partner plugin."""
    registries = [r for domain in DOMAINS if (r := domain.plugin_registry()) is not None]
    return list(dict.fromkeys(kind for r in registries for kind in r.settings_classes()))


def check_settings(settings: Settings) -> None:
    """The whole configuration, the core's and every plugin's, refused in one message."""
    settings.check(plugin_settings())

def all_commands() -> list:
    return [command for domain in DOMAINS for command in domain.commands()]


def worker_startup_hooks() -> list[Callable[[], Awaitable[None]]]:
    return [hook for domain in DOMAINS for hook in domain.hooks("on_worker_startup")]
