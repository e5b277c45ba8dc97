"""FCM answers by error code: a dead or invalid token deactivates the device, an overloaded or
failing service means later (after its Retry-After), a message it will never accept is dropped."""

from __future__ import annotations

import pytest

from notifications.providers.fcm import FcmProvider
from notifications.push import DeviceView, PushMessage
from tests.fake_fcm import FakeFcm

MESSAGE = PushMessage(title="Yêu cầu bổ sung hồ sơ", body="Hồ sơ H01.23-240101-0001",
                      kind="dossier.supplement_requested", data={"dossier_id": "d-1"},
                      collapse_key="dossier-d-1")
DEVICE = DeviceView(id="dev-1", platform="fcm", token="fcm-token-1")


@pytest.fixture
async def fcm(tmp_path):
    async with FakeFcm() as server:
        provider = FcmProvider(server.own_settings(tmp_path))
        yield server, provider
        await provider.aclose()


@pytest.mark.parametrize("error, outcome, retry_after, detail", [
    ("unregistered", "unregistered", None, "NOT_FOUND,UNREGISTERED"),
    ("invalid_token", "unregistered", None, "INVALID_ARGUMENT"),
    ("quota", "retry", 120.0, "QUOTA_EXCEEDED,RESOURCE_EXHAUSTED"),
    ("unavailable", "retry", 30.0, "UNAVAILABLE"),
    ("internal", "retry", None, "INTERNAL"),
    ("invalid_argument", "drop", None, "INVALID_ARGUMENT"),
])
async def test_error_code_decides_outcome(fcm, error, outcome, retry_after, detail):
    server, provider = fcm
    server.fail(DEVICE.token, error, retry_after={"quota": "120", "unavailable": "30"}.get(error))
    result = await provider.send(DEVICE, MESSAGE)
    assert (result.outcome, result.retry_after, result.detail) == (outcome, retry_after, detail)
    assert DEVICE.token not in result.detail
    assert server.received == []


async def test_push_after_a_retry_answer_goes_through(fcm):
    server, provider = fcm
    server.fail(DEVICE.token, "unavailable", retry_after="5")
    assert (await provider.send(DEVICE, MESSAGE)).outcome == "retry"
    assert (await provider.send(DEVICE, MESSAGE)).outcome == "sent"
    assert len(server.received) == 1


async def test_unreachable_service_is_a_retry(tmp_path):
    server = FakeFcm()
    server.url = "http://127.0.0.1:9"  # discard port: nothing listens
    provider = FcmProvider(server.own_settings(tmp_path))
    try:
        result = await provider.send(DEVICE, MESSAGE)
    finally:
        await provider.aclose()
    assert result.outcome == "retry"
    assert result.detail == "ConnectError"


async def test_message_carries_notification_string_data_and_collapse_key(fcm):
    server, provider = fcm
    message = PushMessage(title="Đã thanh toán", body="Lệ phí 50.000 đ", kind="payment.succeeded",
                          data={"dossier_id": "d-1", "notification_id": "n-9"},
                          collapse_key="payment-p-1")
    assert (await provider.send(DEVICE, message)).outcome == "sent"
    assert server.refused == []
    [sent] = server.received
    assert sent["token"] == DEVICE.token
    assert sent["notification"] == {"title": "Đã thanh toán", "body": "Lệ phí 50.000 đ"}
    assert sent["data"] == {"dossier_id": "d-1", "notification_id": "n-9",
                            "kind": "payment.succeeded"}
    assert sent["android"] == {"priority": "high", "collapse_key": "payment-p-1"}
    assert sent["apns"] == {"headers": {"apns-collapse-id": "payment-p-1"}}


async def test_message_without_collapse_key_has_no_apns_override(fcm):
    server, provider = fcm
    await provider.send(DEVICE, PushMessage(title="t", body="b", kind="dossier.received"))
    [sent] = server.received
    assert sent["android"] == {"priority": "high"}
    assert "apns" not in sent
