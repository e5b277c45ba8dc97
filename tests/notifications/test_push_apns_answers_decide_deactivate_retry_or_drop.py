"""APNs: every push goes over HTTP/2 with the provider token, topic, push type, priority,
expiry and collapse id; Apple's answer decides what happens to the device and the push."""

from __future__ import annotations

import time

import pytest

from notifications.providers.apns import ApnsProvider
from notifications.push import DeviceView, PushMessage
from tests.fake_apns import FakeApns

MESSAGE = PushMessage(title="Hồ sơ bị từ chối", body="Hồ sơ H01.23-240101-0001: thiếu giấy tờ",
                      kind="dossier.refused", data={"dossier_id": "d-1", "notification_id": "n-2"},
                      collapse_key="dossier-d-1")
DEVICE = DeviceView(id="dev-1", platform="apns", token="0f1e2d3c4b5a")


@pytest.fixture
async def apns(tmp_path):
    async with FakeApns() as server:
        provider = ApnsProvider(server.own_settings(tmp_path))
        yield server, provider
        await provider.aclose()


async def test_push_goes_over_http2_with_apple_headers_and_payload(apns):
    server, provider = apns
    assert (await provider.send(DEVICE, MESSAGE)).outcome == "sent"
    [request] = server.delivered
    assert request.http_version == "2"
    assert request.device_token == DEVICE.token
    headers = request.headers
    assert headers["apns-topic"] == FakeApns.topic
    assert headers["apns-push-type"] == "alert"
    assert headers["apns-priority"] == "10"
    assert headers["apns-collapse-id"] == "dossier-d-1"
    assert int(headers["apns-expiration"]) > time.time()
    assert request.payload == {
        "aps": {"alert": {"title": MESSAGE.title, "body": MESSAGE.body}, "sound": "default"},
        "dossier_id": "d-1", "notification_id": "n-2", "kind": "dossier.refused"}


async def test_push_without_collapse_key_sends_no_collapse_id(apns):
    server, provider = apns
    await provider.send(DEVICE, PushMessage(title="t", body="b", kind="dossier.received"))
    [request] = server.delivered
    assert "apns-collapse-id" not in request.headers


@pytest.mark.parametrize("error, outcome, retry_after, detail", [
    ("unregistered", "unregistered", None, "Unregistered"),
    ("bad_token", "unregistered", None, "BadDeviceToken"),
    ("too_many", "retry", 60.0, "TooManyRequests"),
    ("unavailable", "retry", None, "ServiceUnavailable"),
    ("payload_too_large", "drop", None, "PayloadTooLarge"),
])
async def test_answer_decides_outcome(apns, error, outcome, retry_after, detail):
    server, provider = apns
    server.fail(DEVICE.token, error, retry_after="60" if error == "too_many" else None)
    result = await provider.send(DEVICE, MESSAGE)
    assert (result.outcome, result.retry_after, result.detail) == (outcome, retry_after, detail)
    assert server.delivered == []


async def test_key_apple_does_not_know_is_kept_for_later(apns, tmp_path):
    server, provider = apns
    stranger = FakeApns()  # another team key: its signature does not verify
    stranger.url = server.url
    (tmp_path / "other").mkdir()
    provider.configure(stranger.settings(tmp_path / "other"))
    result = await provider.send(DEVICE, MESSAGE)
    assert (result.outcome, result.detail) == ("retry", "InvalidProviderToken")
    assert server.delivered == []


async def test_unreachable_service_is_a_retry(tmp_path):
    server = FakeApns()
    server.url = "http://127.0.0.1:9"
    provider = ApnsProvider(server.own_settings(tmp_path))
    try:
        result = await provider.send(DEVICE, MESSAGE)
    finally:
        await provider.aclose()
    assert result.outcome == "retry"
