"""Settings from the environment. With nothing set, motcua runs embedded: SQLite, in-process jobs,
sandbox providers and a development identity provider."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

ENVIRONMENTS = ("development", "production")
DEV_BANK_NOTICE_SECRET = "whsec_bW90Y3VhLWRldmVsb3BtZW50LWJhbmstbm90aWNlcw=="


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
    # Payment platform (Stripe-compatible)
    stripe_api_base: str | None = None
    stripe_api_key: str | None = None
    stripe_webhook_secret: str | None = None
    # Bank-transfer notices (Standard Webhooks, `whsec_` + base64); the default is a public
    # development secret, refused in production.
    bank_notice_secret: str = DEV_BANK_NOTICE_SECRET
    stripe_publishable_key: str | None = None  # handed to the app for the card step
    # National public-service payment platform (payments/providers/national.py)
    national_pay_url: str | None = None
    national_pay_partner_code: str | None = None
    national_pay_secret: str | None = None
    # National public service portal: where dossier status records are synchronised.
    national_sync_url: str | None = None
    national_sync_token: str | None = None
    # Push services (notifications/providers/): FCM HTTP v1 with a service-account JSON file;
    # APNs with a token-signing .p8 key. Base URLs are settings so tests can use local servers.
    fcm_service_account_file: Path | None = None
    fcm_api_base: str = "https://fcm.googleapis.com"
    apns_key_file: Path | None = None
    apns_key_id: str | None = None
    apns_team_id: str | None = None
    apns_topic: str | None = None  # the app's bundle id
    apns_api_base: str = "https://api.push.apple.com"
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
        if not self.national_sync_url:
            found.append("no national portal sync endpoint (NATIONAL_SYNC_URL): records stay local")
        if self.bank_notice_secret == DEV_BANK_NOTICE_SECRET:
            found.append("development bank-notice secret (BANK_NOTICE_SECRET)")
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
        if not self.sandbox_providers and not self.national_sync_url and not self.production:
            found.append("no national portal sync endpoint (NATIONAL_SYNC_URL): with the sandbox "
                         "off (MOTCUA_SANDBOX_PROVIDERS) status records have nowhere to go")
        key = self.token_signing_key_file
        if key is not None and key.is_file():
            try:
                from cryptography.hazmat.primitives import serialization

                serialization.load_pem_private_key(key.read_bytes(), password=None)
            except (ValueError, TypeError, OSError):
                found.append(f"token signing key file is not a PEM private key "
                             f"(MOTCUA_TOKEN_KEY_FILE): {key}")
        return found

    def check(self) -> None:
        """Raise one ConfigurationError naming everything wrong at once, so an operator fixes
        the environment in one go."""
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
        sections = []
        if self.production and (features := self.development_features()):
            sections.append(
                "APP_ENV=production refuses to start while these development features are on:\n"
                + "\n".join(f"  - {problem}" for problem in features))
        if missing := self.missing_settings():
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
        stripe_api_base=env.get("STRIPE_API_BASE") or None,
        stripe_api_key=env.get("STRIPE_API_KEY") or None,
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET") or None,
        bank_notice_secret=env.get("BANK_NOTICE_SECRET") or DEV_BANK_NOTICE_SECRET,
        stripe_publishable_key=env.get("STRIPE_PUBLISHABLE_KEY") or None,
        national_pay_url=env.get("NATIONAL_PAY_URL") or None,
        national_pay_partner_code=env.get("NATIONAL_PAY_PARTNER_CODE") or None,
        national_pay_secret=env.get("NATIONAL_PAY_SECRET") or None,
        national_sync_url=env.get("NATIONAL_SYNC_URL") or None,
        national_sync_token=env.get("NATIONAL_SYNC_TOKEN") or None,
        fcm_service_account_file=_path("FCM_SERVICE_ACCOUNT_FILE"),
        fcm_api_base=(env.get("FCM_API_BASE") or "https://fcm.googleapis.com").rstrip("/"),
        apns_key_file=_path("APNS_KEY_FILE"),
        apns_key_id=env.get("APNS_KEY_ID") or None,
        apns_team_id=env.get("APNS_TEAM_ID") or None,
        apns_topic=env.get("APNS_TOPIC") or None,
        apns_api_base=(env.get("APNS_API_BASE") or "https://api.push.apple.com").rstrip("/"),
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
    )
