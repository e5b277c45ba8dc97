"""The four kinds of partner plugin share one registry shape: every installed plugin answers to
its name, an unknown name is refused with the names that exist, and each plugin's own settings
are read from the variables the README documents, with the names operators already use."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from app.domains import DOMAINS, plugin_settings
from core.plugins import Registry, UnknownPlugin
from core.settings import Settings
from national_sync.http_target import NationalSyncSettings
from notifications.providers.apns import ApnsSettings
from notifications.providers.fcm import FcmSettings
from payments.providers.bank_notices import DEV_SECRET, BankNoticeSettings
from payments.providers.card import StripeSettings
from payments.providers.national import NationalPaySettings

README = Path(__file__).resolve().parents[2] / "README.md"
REGISTRIES = {domain.name: r for domain in DOMAINS if (r := domain.plugin_registry()) is not None}


def test_each_kind_of_plugin_is_one_registry_of_the_domain_list():
    assert {name: sorted(r.names()) for name, r in REGISTRIES.items()} == {
        "national_sync": ["http", "sandbox"],
        "payments": ["bank_transfer", "card", "national", "sandbox", "vietqr"],
        "postal": ["sandbox", "vnpost"],
        "notifications": ["apns", "fcm", "sandbox"],
    }
    for registry in REGISTRIES.values():
        assert all(registry.get(name).name == name for name in registry.names())


def test_an_unknown_plugin_is_refused_naming_the_installed_ones():
    with pytest.raises(UnknownPlugin) as unknown:
        REGISTRIES["postal"].get("courier-x")
    assert "no postal partner named 'courier-x'" in str(unknown.value)
    assert "sandbox" in str(unknown.value) and "vnpost" in str(unknown.value)
    assert REGISTRIES["postal"].find("courier-x") is None
    assert "courier-x" not in REGISTRIES["postal"]


def test_a_later_registration_takes_the_name_and_can_be_taken_back():
    registry: Registry[object] = Registry("test plugin", key=str)
    registry.register("a")
    assert registry.names() == ["a"] and list(registry) == ["a"]
    registry.unregister("a")
    assert registry.names() == []


def test_plugin_settings_read_the_documented_variables():
    env = {
        "STRIPE_API_BASE": "http://127.0.0.1:12111", "STRIPE_API_KEY": "sk_test",
        "STRIPE_WEBHOOK_SECRET": "whsec_x", "STRIPE_PUBLISHABLE_KEY": "pk_test",
        "NATIONAL_PAY_URL": "https://pay.example", "NATIONAL_PAY_PARTNER_CODE": "P01",
        "NATIONAL_PAY_SECRET": "s", "BANK_NOTICE_SECRET": "whsec_bank",
        "NATIONAL_SYNC_URL": "https://portal.example/dongbo", "NATIONAL_SYNC_TOKEN": "t",
        "FCM_SERVICE_ACCOUNT_FILE": "/keys/fcm.json", "FCM_API_BASE": "http://127.0.0.1:9",
        "APNS_KEY_FILE": "/keys/AuthKey.p8", "APNS_KEY_ID": "K", "APNS_TEAM_ID": "T",
        "APNS_TOPIC": "vn.gov.motcua", "APNS_API_BASE": "https://api.sandbox.push.apple.com",
    }
    settings = Settings(environ=env)
    assert settings.section(StripeSettings) == StripeSettings(
        "http://127.0.0.1:12111", "sk_test", "whsec_x", "pk_test")
    assert settings.section(NationalPaySettings) == NationalPaySettings(
        "https://pay.example", "P01", "s")
    assert settings.section(BankNoticeSettings).secret == "whsec_bank"
    assert settings.section(NationalSyncSettings) == NationalSyncSettings(
        "https://portal.example/dongbo", "t")
    assert settings.section(FcmSettings) == FcmSettings(Path("/keys/fcm.json"),
                                                        "http://127.0.0.1:9")
    assert settings.section(ApnsSettings) == ApnsSettings(
        Path("/keys/AuthKey.p8"), "K", "T", "vn.gov.motcua", "https://api.sandbox.push.apple.com")


def test_unset_or_empty_variables_keep_the_defaults_and_given_sections_win():
    assert Settings(environ={"FCM_API_BASE": ""}).section(FcmSettings) == FcmSettings()
    assert Settings().section(BankNoticeSettings).secret == DEV_SECRET
    given = NationalSyncSettings(url="https://portal.example")
    settings = Settings(plugins=(given,), environ={"NATIONAL_SYNC_URL": "https://other"})
    assert settings.section(NationalSyncSettings) is given


def test_every_plugin_variable_is_in_the_readme_configuration_table():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", README.read_text()))
    for kind in plugin_settings():
        for item in dataclasses.fields(kind):  # type: ignore[arg-type]
            assert kind.variable(item.name) in documented, kind.variable(item.name)
