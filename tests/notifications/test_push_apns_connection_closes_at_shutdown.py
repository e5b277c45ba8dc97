"""The providers keep one connection open between pushes (APNs wants a long-lived HTTP/2
connection); the app's shutdown closes it, and a push after that opens a new one."""

from __future__ import annotations

from core.settings import load_settings
from notifications.providers.common import close_clients
from notifications.push import PROVIDERS, DeviceView, PushMessage
from tests.fake_apns import FakeApns

MESSAGE = PushMessage(title="Đã giao", body="Hồ sơ H01", kind="delivery.delivered")
DEVICE = DeviceView(id="dev-1", platform="apns", token="feed01")


async def test_shutdown_closes_the_connection_and_a_later_push_reopens_it(tmp_path):
    apns = PROVIDERS.get("apns")
    async with FakeApns() as server:
        apns.configure(server.settings(tmp_path))
        try:
            assert (await apns.send(DEVICE, MESSAGE)).outcome == "sent"
            first = apns.client
            await close_clients()
            assert first.is_closed
            assert (await apns.send(DEVICE, MESSAGE)).outcome == "sent"
            assert len(server.delivered) == 2
        finally:
            await close_clients()
            apns.configure(load_settings())
