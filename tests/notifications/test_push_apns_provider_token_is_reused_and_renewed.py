"""APNs: one ES256 provider token serves many pushes over one HTTP/2 connection; it is replaced
after 40 minutes (Apple: older than an hour is refused, renewing more often than every 20 is
throttled), and at once when Apple says it expired — the push still goes out."""

from __future__ import annotations

import asyncio
import time

import pytest

from notifications.providers import apns as apns_module
from notifications.providers.apns import ApnsProvider
from notifications.push import DeviceView, PushMessage
from tests.fake_apns import FakeApns

MESSAGE = PushMessage(title="Kết quả đã sẵn sàng", body="Hồ sơ H01.23-240101-0001",
                      kind="dossier.result_ready", data={"dossier_id": "d-1"})


def device(token: str = "a1b2c3") -> DeviceView:
    return DeviceView(id="dev-1", platform="apns", token=token)


@pytest.fixture
async def apns(tmp_path):
    async with FakeApns() as server:
        provider = ApnsProvider(server.own_settings(tmp_path))
        yield server, provider
        await provider.aclose()


class ShiftedClock:
    """time.time() moved by `offset` seconds, for the provider module only."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def time(self) -> float:
        return time.time() + self.offset


async def test_pushes_reuse_one_provider_token(apns):
    server, provider = apns
    results = await asyncio.gather(*(provider.send(device(f"tok{i}"), MESSAGE) for i in range(5)))
    assert {r.outcome for r in results} == {"sent"}
    await provider.send(device(), MESSAGE)
    assert len(server.delivered) == 6
    assert len(server.provider_tokens) == 1


async def test_token_forty_minutes_old_is_replaced(apns, monkeypatch):
    server, provider = apns
    # The first token is signed as if 41 minutes ago: still valid for Apple, due for renewal.
    monkeypatch.setattr(apns_module, "time", ShiftedClock(-41 * 60))
    await provider.send(device(), MESSAGE)
    monkeypatch.setattr(apns_module, "time", ShiftedClock(0))
    await provider.send(device(), MESSAGE)
    await provider.send(device(), MESSAGE)
    assert len(server.delivered) == 3
    assert len(server.provider_tokens) == 2


async def test_token_nineteen_minutes_old_is_kept(apns, monkeypatch):
    server, provider = apns
    monkeypatch.setattr(apns_module, "time", ShiftedClock(-19 * 60))
    await provider.send(device(), MESSAGE)
    monkeypatch.setattr(apns_module, "time", ShiftedClock(0))
    await provider.send(device(), MESSAGE)
    assert len(server.provider_tokens) == 1


async def test_expired_provider_token_is_regenerated_once_and_push_sent(apns):
    server, provider = apns
    await provider.send(device(), MESSAGE)
    server.fail("b2", "expired_provider_token")
    result = await provider.send(device("b2"), MESSAGE)
    assert result.outcome == "sent"
    assert [r.device_token for r in server.requests] == ["a1b2c3", "b2", "b2"]
    first, second = (r.headers["authorization"] for r in server.requests[1:])
    assert first != second
    await provider.send(device(), MESSAGE)
    assert server.requests[-1].headers["authorization"] == second  # the new one is kept


async def test_expired_twice_keeps_push_for_later(apns):
    server, provider = apns
    server.fail("b2", "expired_provider_token")
    server.fail("b2", "expired_provider_token")
    result = await provider.send(device("b2"), MESSAGE)
    assert (result.outcome, result.detail) == ("retry", "ExpiredProviderToken")
    assert len(server.requests) == 2  # one regeneration, not a loop
