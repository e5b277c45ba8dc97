"""What the push service answers decides: a dead token deactivates the device (unless the phone
registered again after the push was queued), a busy service is retried after its Retry-After,
a rejected message is dropped — and a sent push is never sent again."""

import datetime as dt

import pytest

from models.jobs import OutboxEvent
from models.notifications import Device, PushDelivery
from notifications import sending
from notifications.push import PushResult
from tests.dossier_factories import JUDICIAL, citizen_headers, submitted_dossier
from tests.notification_support import register, settle


class Scripted:
    name = "scripted"
    platform = "fcm"
    configured = True

    def __init__(self, *answers: PushResult, before=None) -> None:
        self.answers = list(answers)
        self.calls = 0
        self.before = before

    async def send(self, device, message) -> PushResult:
        self.calls += 1
        if self.before is not None:
            await self.before(device)
        return self.answers.pop(0) if self.answers else PushResult("sent")


@pytest.fixture
def provider(monkeypatch):
    def install(*answers: PushResult, before=None) -> Scripted:
        scripted = Scripted(*answers, before=before)
        monkeypatch.setattr(sending, "provider_for", lambda platform, settings: scripted)
        return scripted
    return install


async def pushed_once(client) -> dict:
    """A citizen with one phone submits a dossier; the push job runs through the outbox."""
    citizen = await citizen_headers(client)
    device = await register(client, citizen)
    await submitted_dossier(client, citizen, JUDICIAL)
    await settle(client)
    row = await PushDelivery.select().where(PushDelivery.device == device["id"]).first()
    assert row is not None
    return {**row, "device_id": device["id"]}


async def state_of(delivery_id) -> str:
    return (await PushDelivery.select(PushDelivery.state).where(
        PushDelivery.id == delivery_id).first())["state"]


async def test_dead_token_deactivates_the_device(client, provider):
    scripted = provider(PushResult("unregistered", detail="UNREGISTERED"))
    delivery = await pushed_once(client)
    device = await Device.select().where(Device.id == delivery["device_id"]).first()
    assert device["active"] is False and device["deactivated_reason"] == "unregistered"
    assert delivery["state"] == "dropped"
    await sending.handle({"delivery_id": str(delivery["id"])})  # re-driven: nothing more
    assert scripted.calls == 1


async def test_token_registered_again_after_queueing_stays_active(client, provider):
    async def registered_meanwhile(device) -> None:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
        await Device.update({Device.updated_at: later}).where(Device.id == device.id)

    provider(PushResult("unregistered", detail="Unregistered"), before=registered_meanwhile)
    delivery = await pushed_once(client)
    device = await Device.select(Device.active).where(Device.id == delivery["device_id"]).first()
    assert device["active"] is True


async def test_busy_service_is_retried_after_retry_after_then_sent_once(client, provider):
    scripted = provider(PushResult("retry", retry_after=42.0, detail="UNAVAILABLE"))
    delivery = await pushed_once(client)
    assert delivery["state"] == "queued" and delivery["last_error"] == "UNAVAILABLE"
    row = await OutboxEvent.select().where(OutboxEvent.job == "notifications.push").first()
    wait = (row["available_at"] - dt.datetime.now(dt.UTC)).total_seconds()
    assert row["status"] == "pending" and 30 < wait <= 42
    await OutboxEvent.update({OutboxEvent.available_at: dt.datetime.now(dt.UTC)}).where(
        OutboxEvent.id == row["id"])
    await settle(client)
    assert await state_of(delivery["id"]) == "sent"
    await sending.handle({"delivery_id": str(delivery["id"])})
    assert scripted.calls == 2


async def test_rejected_message_is_dropped_with_its_code(client, provider):
    provider(PushResult("drop", detail="INVALID_ARGUMENT"))
    delivery = await pushed_once(client)
    assert delivery["state"] == "dropped" and delivery["last_error"] == "INVALID_ARGUMENT"
    device = await Device.select(Device.active).where(Device.id == delivery["device_id"]).first()
    assert device["active"] is True
