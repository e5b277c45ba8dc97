"""The sandbox provider (embedded mode) sends nothing and records what it would have sent, for
either platform; the registry offers all three providers, and a real one counts as configured only
with its credentials."""

from __future__ import annotations

import logging
from pathlib import Path

from notifications.providers import sandbox
from notifications.providers.apns import ApnsProvider, ApnsSettings
from notifications.providers.fcm import FcmProvider, FcmSettings
from notifications.push import PROVIDERS, DeviceView, PushMessage


async def test_sandbox_records_pushes_for_both_platforms_without_logging_the_token(caplog):
    sandbox.clear()
    phone = DeviceView(id="dev-a", platform="fcm", token="secret-fcm-token")
    tablet = DeviceView(id="dev-b", platform="apns", token="secret-apns-token")
    received = PushMessage(title="Đã tiếp nhận", body="Hồ sơ H01", kind="dossier.received")
    paid = PushMessage(title="Đã thanh toán", body="Hồ sơ H01", kind="payment.succeeded")
    with caplog.at_level(logging.INFO, logger="motcua.notifications.sandbox"):
        assert (await sandbox.provider.send(phone, received)).outcome == "sent"
        assert (await sandbox.provider.send(tablet, paid)).outcome == "sent"
    assert [(p.device_id, p.platform, p.message.kind) for p in sandbox.sent()] == [
        ("dev-a", "fcm", "dossier.received"), ("dev-b", "apns", "payment.succeeded")]
    assert [p.message for p in sandbox.sent("dev-b")] == [paid]
    assert "secret" not in caplog.text
    assert "dev-a" in caplog.text


async def test_sandbox_keeps_only_the_newest_pushes():
    sandbox.clear()
    phone = DeviceView(id="dev-a", platform="fcm", token="t")
    for i in range(sandbox.KEEP + 3):
        await sandbox.provider.send(phone, PushMessage(title=str(i), body="b", kind="k"))
    kept = sandbox.sent()
    assert len(kept) == sandbox.KEEP
    assert kept[-1].message.title == str(sandbox.KEEP + 2)
    sandbox.clear()


def test_registry_offers_fcm_apns_and_sandbox():
    assert {p.name for p in PROVIDERS} == {"fcm", "apns", "sandbox"}


def test_real_providers_are_configured_only_with_their_credentials(tmp_path: Path):
    assert not FcmProvider(FcmSettings()).configured
    assert not FcmProvider(FcmSettings(service_account_file=tmp_path / "missing.json")).configured
    account = tmp_path / "account.json"
    account.write_text("{}")
    assert FcmProvider(FcmSettings(service_account_file=account)).configured

    key = tmp_path / "AuthKey.p8"
    key.write_text("key")
    complete = dict(key_file=key, key_id="K", team_id="T", topic="vn.app")
    assert ApnsProvider(ApnsSettings(**complete)).configured
    for missing in complete:
        assert not ApnsProvider(ApnsSettings(**(complete | {missing: None}))).configured
    assert sandbox.provider.configured
