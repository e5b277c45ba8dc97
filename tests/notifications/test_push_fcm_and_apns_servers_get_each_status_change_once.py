"""End to end with real credentials: an app configured for FCM and APNs (pointed at the local
servers) pushes a dossier's status change to each phone exactly once, through the real providers —
a dead APNs token switches its phone off, and an FCM 503 with Retry-After is sent later."""

from __future__ import annotations

import asyncio
import secrets

import pytest

from core.settings import Settings
from models.notifications import Device
from notifications.providers import sandbox
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.fake_apns import FakeApns
from tests.fake_fcm import FakeFcm
from tests.notification_support import register, run_again, settle


@pytest.fixture
async def servers(tmp_path):
    async with FakeFcm() as fcm, FakeApns() as apns:
        yield fcm, apns


@pytest.fixture
def settings(database, tmp_path, servers) -> Settings:
    fcm, apns = servers
    return Settings(database_url=database, data_dir=tmp_path, public_base_url="http://testserver",
                    plugins=(apns.own_settings(tmp_path), fcm.own_settings(tmp_path)))


def kinds(messages: list[dict]) -> list[str]:
    return [m["kind"] for m in messages]


async def test_status_change_reaches_each_phone_once_over_real_providers(client, servers):
    fcm, apns = servers
    sandbox.clear()
    citizen = await citizen_headers(client)
    android_token, iphone_token = secrets.token_hex(32), secrets.token_hex(32)
    await register(client, citizen, platform="fcm", token=android_token)
    await register(client, citizen, platform="apns", token=iphone_token)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    await settle(client)
    officer = await officer_headers(client, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    await settle(client)
    await run_again("dossier.received")  # a re-driven job must not push a second time

    to_android = [m["data"] for m in fcm.received if m["token"] == android_token]
    to_iphone = [r.payload for r in apns.delivered if r.device_token == iphone_token]
    assert kinds(to_android).count("received") == 1
    assert kinds(to_iphone).count("received") == 1
    assert kinds(to_android) == kinds(to_iphone)
    assert len(set(kinds(to_android))) == len(to_android)  # no kind twice
    assert any(dossier["code"] in m["notification"]["body"] for m in fcm.received)
    assert fcm.token_requests == 1 and len(apns.provider_tokens) == 1
    assert sandbox.sent() == []  # real credentials configured: the sandbox stands aside


async def test_dead_apns_token_deactivates_and_busy_fcm_is_retried_later(client, servers):
    fcm, apns = servers
    citizen = await citizen_headers(client)
    android_token, iphone_token = secrets.token_hex(32), secrets.token_hex(32)
    android = await register(client, citizen, platform="fcm", token=android_token)
    iphone = await register(client, citizen, platform="apns", token=iphone_token)
    apns.fail(iphone_token, "unregistered")
    fcm.fail(android_token, "unavailable", retry_after="1")
    await submitted_dossier(client, citizen, JUDICIAL)
    await settle(client)

    assert fcm.script[android_token] == []  # the 503 was answered
    assert [m for m in fcm.received if m["token"] == android_token] == []  # not yet: told to wait
    phone = await Device.select(Device.active).where(Device.id == iphone["id"]).first()
    assert phone["active"] is False

    await asyncio.sleep(1.2)  # the Retry-After the service asked for
    await settle(client)
    delivered = [m for m in fcm.received if m["token"] == android_token]
    assert len(delivered) == 1
    assert (await Device.select(Device.active).where(Device.id == android["id"]).first())["active"]
