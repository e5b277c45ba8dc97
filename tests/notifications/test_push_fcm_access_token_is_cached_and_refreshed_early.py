"""FCM: the service-account JWT is exchanged for an access token once and reused; a token close
to its expiry, or one FCM stops accepting, is replaced — and the push still goes out."""

from __future__ import annotations

import asyncio

import pytest

from notifications.providers.fcm import FcmProvider
from notifications.push import DeviceView, PushMessage
from tests.fake_fcm import FakeFcm

MESSAGE = PushMessage(title="Hồ sơ đã được tiếp nhận", body="Hồ sơ H01.23-240101-0001",
                      kind="dossier.received", data={"dossier_id": "d-1"})


def device(token: str = "fcm-token-1") -> DeviceView:
    return DeviceView(id="dev-1", platform="fcm", token=token)


@pytest.fixture
async def fcm(tmp_path):
    async with FakeFcm() as server:
        provider = FcmProvider(server.own_settings(tmp_path))
        yield server, provider
        await provider.aclose()


async def test_two_pushes_share_one_access_token(fcm):
    server, provider = fcm
    assert (await provider.send(device(), MESSAGE)).outcome == "sent"
    assert (await provider.send(device("fcm-token-2"), MESSAGE)).outcome == "sent"
    assert server.token_requests == 1
    assert server.rejected_assertions == []
    assert [m["token"] for m in server.received] == ["fcm-token-1", "fcm-token-2"]


async def test_concurrent_pushes_wait_for_one_exchange(fcm):
    server, provider = fcm
    results = await asyncio.gather(*(provider.send(device(f"t{i}"), MESSAGE) for i in range(8)))
    assert {r.outcome for r in results} == {"sent"}
    assert server.token_requests == 1


async def test_token_near_expiry_is_replaced_before_use(fcm):
    server, provider = fcm
    server.token_lifetime = 240  # inside the five-minute margin: never handed out twice
    await provider.send(device(), MESSAGE)
    await provider.send(device(), MESSAGE)
    assert server.token_requests == 2
    assert len(server.received) == 2


async def test_refused_access_token_is_replaced_once_and_push_sent(fcm):
    server, provider = fcm
    await provider.send(device(), MESSAGE)
    server.revoke_tokens()
    result = await provider.send(device(), MESSAGE)
    assert result.outcome == "sent"
    assert server.token_requests == 2
    assert server.refused == ["unauthenticated"]
    assert len(server.received) == 2


async def test_wrong_service_account_key_is_refused_and_push_kept_for_later(fcm, tmp_path):
    server, provider = fcm
    other = FakeFcm()  # a different private key for the same account: its signature won't verify
    other.url = server.url
    (tmp_path / "other").mkdir()
    provider.configure(other.settings(tmp_path / "other"))
    result = await provider.send(device(), MESSAGE)
    assert result.outcome == "retry"
    assert server.rejected_assertions == ["InvalidSignatureError"]
    assert server.received == []
