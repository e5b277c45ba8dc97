"""APP_ENV=production refuses to start while anything development-only is on, and starts when
the operator has configured the real thing. With nothing set, motcua is a development box."""

import pytest

from app.domains import check_settings
from core.settings import ConfigurationError, load_settings

VARIABLES = [
    "APP_ENV", "DATABASE_URL", "REDIS_URL", "SSO_ISSUER", "SSO_CLIENT_ID", "SSO_CLIENT_SECRET",
    "MOTCUA_DEV_SIGN_IN", "MOTCUA_SANDBOX_PROVIDERS", "MOTCUA_TOKEN_KEY_FILE", "MOTCUA_DATA_DIR",
    "NATIONAL_SYNC_URL", "NATIONAL_SYNC_TOKEN", "BANK_NOTICE_SECRET", "MOTCUA_SIGNING_DIR",
    "MOTCUA_CLAIMS_KEY_FILE", "MOTCUA_PUBLIC_URL",
]


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    key = tmp_path / "token-signing.pem"
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    # A real key: a file that is no key is refused before start (Settings.missing_settings).
    key.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    claims_key = tmp_path / "claims.key"
    claims_key.write_bytes(Fernet.generate_key())

    def production(**overrides: str | None) -> None:
        values = {
            "APP_ENV": "production",
            "DATABASE_URL": "postgresql://motcua@db:5432/motcua",
            "REDIS_URL": "redis://redis:6379/0",
            "SSO_ISSUER": "https://sso.dichvucong.gov.vn",
            "SSO_CLIENT_ID": "motcua-app",
            "SSO_CLIENT_SECRET": "s3cret",
            "MOTCUA_TOKEN_KEY_FILE": str(key),
            "NATIONAL_SYNC_URL": "https://dichvucong.gov.vn/dongbo",
            "NATIONAL_SYNC_TOKEN": "portal-token",
            "BANK_NOTICE_SECRET": "whsec_cHJvZHVjdGlvbi1iYW5rLW5vdGljZS1zZWNyZXQ=",
            "MOTCUA_PUBLIC_URL": "https://dichvucong.example.gov.vn",
            "MOTCUA_SIGNING_DIR": str(tmp_path / "signing"),
            "MOTCUA_CLAIMS_KEY_FILE": str(claims_key),
            **overrides,
        }
        for name, value in values.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)

    return production


def test_nothing_set_is_embedded_development(env):
    settings = load_settings()
    assert not settings.production and settings.embedded
    assert settings.dev_sign_in and settings.sandbox_providers and settings.redis_url is None
    check_settings(settings)  # development starts with everything development-only on


def test_production_with_everything_configured_passes(env):
    env()
    settings = load_settings()
    assert settings.production and not settings.embedded
    assert not settings.dev_sign_in and not settings.sandbox_providers
    assert settings.development_features() == []
    check_settings(settings)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"MOTCUA_DEV_SIGN_IN": "1"}, "MOTCUA_DEV_SIGN_IN"),
        ({"MOTCUA_SANDBOX_PROVIDERS": "true"}, "MOTCUA_SANDBOX_PROVIDERS"),
        ({"SSO_ISSUER": None}, "SSO_ISSUER"),
        ({"NATIONAL_SYNC_URL": None}, "NATIONAL_SYNC_URL"),
        ({"MOTCUA_TOKEN_KEY_FILE": None}, "MOTCUA_TOKEN_KEY_FILE"),
        ({"BANK_NOTICE_SECRET": None}, "BANK_NOTICE_SECRET"),
        ({"MOTCUA_PUBLIC_URL": None}, "MOTCUA_PUBLIC_URL"),
        ({"MOTCUA_TOKEN_KEY_FILE": "/nonexistent/key.pem"}, "/nonexistent/key.pem"),
        ({"MOTCUA_SIGNING_DIR": None}, "MOTCUA_SIGNING_DIR"),
        ({"MOTCUA_CLAIMS_KEY_FILE": None}, "MOTCUA_CLAIMS_KEY_FILE"),
    ],
)
def test_production_refuses_each_development_feature_by_name(env, overrides, named):
    env(**overrides)
    with pytest.raises(ConfigurationError) as refused:
        check_settings(load_settings())
    assert "APP_ENV=production refuses to start" in str(refused.value)
    assert named in str(refused.value)


def test_production_lists_every_feature_that_is_on(env):
    env(MOTCUA_DEV_SIGN_IN="yes", MOTCUA_SANDBOX_PROVIDERS="yes", SSO_ISSUER=None)
    with pytest.raises(ConfigurationError) as refused:
        check_settings(load_settings())
    message = str(refused.value)
    for variable in ("MOTCUA_DEV_SIGN_IN", "MOTCUA_SANDBOX_PROVIDERS", "SSO_ISSUER"):
        assert variable in message


def test_a_misspelt_environment_is_refused_not_treated_as_development(env):
    env(APP_ENV="prod")
    with pytest.raises(ConfigurationError, match="APP_ENV='prod'"):
        check_settings(load_settings())
