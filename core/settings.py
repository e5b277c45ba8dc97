"""Settings from the environment. With nothing set, motcua runs embedded: SQLite, in-process jobs,
sandbox providers and a development identity provider."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

ENVIRONMENTS = ("development", "production")
S = TypeVar("S", bound="PluginSettings")


class ConfigurationError(RuntimeError):
    """The environment asks for something this process must not run with."""


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _path(name: str) -> Path | None:
    raw = os.environ.get(name)
    return Path(raw) if raw else None


class PluginSettings:
    """Base of a plugin's own settings (a frozen dataclass in the plugin's module): each field is
    read from `prefix` + its name in capitals (prefix `STRIPE_`, field `api_key`: STRIPE_API_KEY).
    Unset or empty keeps the field's default. A plugin says itself what production must not run
    with and what it cannot start without; `Settings.check` names those with the core's."""

    prefix: ClassVar[str]

    @classmethod
    def variable(cls, name: str) -> str:
        return f"{cls.prefix}{name.upper()}"

    @classmethod
    def from_env(cls: type[S], env: Mapping[str, str]) -> S:
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):  # type: ignore[arg-type]
            raw = env.get(cls.variable(item.name))
            if raw:  # text, or a path where the field holds one (`Path` or `Path | None`)
                is_path = hints[item.name] is Path or Path in typing.get_args(hints[item.name])
                values[item.name] = Path(raw) if is_path else raw
        return cls(**values)

    def development_features(self, core: Settings) -> list[str]:
        return []

    def missing_settings(self, core: Settings) -> list[str]:
        return []


@dataclass(frozen=True)
class Settings:
    app_env: str = "development"
    database_url: str = "sqlite:///var/motcua.sqlite3"
    redis_url: str | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    public_url_set: bool = True  # False: MOTCUA_PUBLIC_URL was not in the environment
    data_dir: Path = Path("var")
    # Sign-in
    sso_issuer: str | None = None
    sso_client_id: str = "motcua-app"
    sso_client_secret: str | None = None
    sso_id_claim: str = "SoDinhDanh"
    sso_officer_claim: str | None = None
    dev_sign_in: bool = True
    token_signing_key_file: Path | None = None
    access_token_ttl: int = 600
    refresh_token_ttl: int = 30 * 24 * 3600
    refresh_retry_grace: int = 30  # seconds a just-used refresh token may be retried
    # How long an API process may answer catalogue reads from memory (api/response_cache.py);
    # 0 turns the cache off. A catalogue change reaches every process within this time.
    catalogue_cache_seconds: int = 30
    # How long an API process may keep a row it read (sessions, dossiers: core/cache.py) while
    # it hears of every change over Redis; 0 turns these caches off.
    cache_seconds: int = 30
    # Ratings and feedback: how long a citizen may change their rating of a dossier (days), and
    # the agency's response deadline for feedback (working days, Decree 20/2008/NĐ-CP Art. 12).
    rating_change_days: int = 7
    feedback_response_days: int = 10
    feedback_close_days: int = 30  # an answer the citizen leaves alone this long closes it
    # Electronic results (documents/): the signer plugin, where agencies' keys are, the
    # time-stamping authority; the key that encrypts identity claims kept for pre-filling.
    signer: str = "files"
    signing_dir: Path | None = None
    tsa_url: str | None = None
    tsa_roots_file: Path | None = None  # PEM: CAs the TSA's certificate chains to
    claims_key_file: Path | None = None
    # Providers switched on; "sandbox" ones are refused in production.
    sandbox_providers: bool = True
    log_level: str = "INFO"
    log_json: bool = False
    sign_in_rate_limit: int = 30  # requests per minute per client address
    # Reverse proxies (addresses or CIDR networks) whose `client_ip_header` names the client.
    trusted_proxies: tuple[str, ...] = ()
    client_ip_header: str = "x-forwarded-for"
    extra: dict[str, str] = field(default_factory=dict)
    # Plugins' own settings (PluginSettings) given as objects (tests); any other plugin reads its
    # variables from `environ`, the environment these settings were loaded from.
    plugins: tuple[PluginSettings, ...] = ()
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def production(self) -> bool:
        return self.app_env == "production"

    @property
    def embedded(self) -> bool:
        return self.database_url.startswith("sqlite")

    def development_features(self) -> list[str]:
        """Everything switched on that must never run in production."""
        found = []
        if self.dev_sign_in:
            found.append("development sign-in (MOTCUA_DEV_SIGN_IN)")
        if self.sandbox_providers:
            found.append("sandbox payment/postal/push providers (MOTCUA_SANDBOX_PROVIDERS)")
        if not self.sso_issuer:
            found.append("no national SSO issuer (SSO_ISSUER)")
        if not self.public_url_set:
            found.append("no public address (MOTCUA_PUBLIC_URL): tokens would name "
                         f"{self.public_base_url} as their issuer")
        if self.token_signing_key_file is None:
            found.append("generated token signing key (MOTCUA_TOKEN_KEY_FILE)")
        elif not self.token_signing_key_file.is_file():
            found.append(f"token signing key file missing: {self.token_signing_key_file}")
        if self.signing_dir is None:
            found.append("development signing certificates (MOTCUA_SIGNING_DIR)")
        if self.claims_key_file is None:
            found.append("generated identity-claims key (MOTCUA_CLAIMS_KEY_FILE)")
        elif not self.claims_key_file.is_file():
            found.append(f"identity-claims key file missing: {self.claims_key_file}")
        return found

    def missing_settings(self) -> list[str]:
        """What this configuration needs and lacks, in any environment: each would otherwise
        fail every worker process at startup (and granian would start them again, forever)."""
        found = []
        key = self.token_signing_key_file
        if key is not None and key.is_file():
            try:
                from cryptography.hazmat.primitives import serialization

                serialization.load_pem_private_key(key.read_bytes(), password=None)
            except (ValueError, TypeError, OSError):
                found.append(f"token signing key file is not a PEM private key "
                             f"(MOTCUA_TOKEN_KEY_FILE): {key}")
        return found

    def section(self, kind: type[S]) -> S:
        """A plugin's own settings: the object given in `plugins`, else read from `environ`."""
        for given in self.plugins:
            if isinstance(given, kind):
                return given
        return kind.from_env(self.environ)

    def check(self, plugins: Iterable[type[PluginSettings]] = ()) -> None:
        """Raise one ConfigurationError naming everything wrong at once, so an operator fixes
        the environment in one go. `plugins`: the installed plugins' settings classes (the app
        assembly passes them all: core.domains.check_settings), checked with the core's."""
        # A typo such as APP_ENV=prod must not quietly give a development server.
        if self.app_env not in ENVIRONMENTS:
            raise ConfigurationError(
                f"APP_ENV={self.app_env!r} is not one of: {', '.join(ENVIRONMENTS)}"
            )
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ConfigurationError(
                    f"MOTCUA_TRUSTED_PROXIES: {proxy!r} is not an address or network") from None
        own = [self.section(kind) for kind in dict.fromkeys([*plugins, *map(type, self.plugins)])]
        features = self.development_features() + [
            problem for section in own for problem in section.development_features(self)]
        missing = self.missing_settings() + [
            problem for section in own for problem in section.missing_settings(self)]
        sections = []
        if self.production and features:
            sections.append(
                "APP_ENV=production refuses to start while these development features are on:\n"
                + "\n".join(f"  - {problem}" for problem in features))
        if missing:
            sections.append("motcua cannot start without these settings:\n"
                            + "\n".join(f"  - {problem}" for problem in missing))
        if sections:
            raise ConfigurationError("\n".join(sections))


def load_settings() -> Settings:
    env = os.environ
    app_env = env.get("APP_ENV", "development").strip().lower()
    production = app_env == "production"
    data_dir = Path(env.get("MOTCUA_DATA_DIR", "var"))
    key_file = env.get("MOTCUA_TOKEN_KEY_FILE")
    return Settings(
        app_env=app_env,
        database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'motcua.sqlite3'}",
        redis_url=env.get("REDIS_URL") or None,
        public_base_url=env.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        public_url_set=bool(env.get("MOTCUA_PUBLIC_URL")),
        data_dir=data_dir,
        sso_issuer=env.get("SSO_ISSUER") or None,
        sso_client_id=env.get("SSO_CLIENT_ID", "motcua-app"),
        sso_client_secret=env.get("SSO_CLIENT_SECRET") or None,
        sso_id_claim=env.get("SSO_ID_CLAIM", "SoDinhDanh"),
        sso_officer_claim=env.get("SSO_OFFICER_CLAIM") or None,
        # In production nothing development-only is on unless someone asks for it (and is refused).
        dev_sign_in=_flag("MOTCUA_DEV_SIGN_IN", not production),
        sandbox_providers=_flag("MOTCUA_SANDBOX_PROVIDERS", not production),
        token_signing_key_file=Path(key_file) if key_file else None,
        access_token_ttl=_int("MOTCUA_ACCESS_TOKEN_TTL", 600),
        refresh_token_ttl=_int("MOTCUA_REFRESH_TOKEN_TTL", 30 * 24 * 3600),
        refresh_retry_grace=_int("MOTCUA_REFRESH_RETRY_GRACE", 30),
        catalogue_cache_seconds=_int("MOTCUA_CATALOGUE_CACHE_SECONDS", 30),
        cache_seconds=_int("MOTCUA_CACHE_SECONDS", 30),
        rating_change_days=_int("MOTCUA_RATING_CHANGE_DAYS", 7),
        feedback_response_days=_int("MOTCUA_FEEDBACK_RESPONSE_DAYS", 10),
        feedback_close_days=_int("MOTCUA_FEEDBACK_CLOSE_DAYS", 30),
        signer=env.get("MOTCUA_SIGNER") or "files",
        signing_dir=_path("MOTCUA_SIGNING_DIR"),
        tsa_url=env.get("MOTCUA_TSA_URL") or None,
        tsa_roots_file=_path("MOTCUA_TSA_ROOTS_FILE"),
        claims_key_file=_path("MOTCUA_CLAIMS_KEY_FILE"),
        log_level=env.get("LOG_LEVEL", "INFO").upper(),
        log_json=_flag("LOG_JSON", production),
        sign_in_rate_limit=_int("MOTCUA_SIGN_IN_RATE_LIMIT", 30),
        trusted_proxies=tuple(part.strip() for part in env.get("MOTCUA_TRUSTED_PROXIES", "")
                              .split(",") if part.strip()),
        client_ip_header=env.get("MOTCUA_CLIENT_IP_HEADER", "X-Forwarded-For").strip().lower(),
        environ=dict(env),
    )
