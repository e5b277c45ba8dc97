"""A booking the dossier no longer needs is cancelled: the result was collected at the counter
(the partner that had it is sent a signed booking.cancelled), or the dossier was withdrawn."""

from models.webhooks import WebhookMessage
from tests.dossier_factories import act
from tests.postal_support import (
    book,
    booking_row,
    listen_to_delivery_topics,
    processing_dossier,
    published,
    sent_booking,
    until,
)


def state_is(booking_id: str, wanted: str):
    async def check() -> bool:
        return (await booking_row(booking_id))["state"] == wanted
    return check


async def test_collecting_at_the_counter_cancels_the_booking_and_tells_the_partner(
        client, monkeypatch):
    listen_to_delivery_topics(monkeypatch)
    citizen, officer, dossier, booked = await sent_booking(client, monkeypatch, "vnpost")
    handed = await act(client, officer, dossier["id"], "hand_over")
    assert handed.status_code == 200, handed.text
    await until(client, state_is(booked["id"], "cancelled"))
    messages = await WebhookMessage.select(WebhookMessage.event_type).where(
        WebhookMessage.partner == "vnpost").order_by(WebhookMessage.id)
    assert [m["event_type"] for m in messages] == ["booking.requested", "booking.cancelled"]
    assert "delivery.cancelled" in [event["topic"] for event in await published()]
    seen = (await client.get(f"/v1/dossiers/{dossier['id']}/delivery", headers=citizen)).json()
    assert seen["state"] == "cancelled"


async def test_withdrawing_the_dossier_cancels_an_unsent_booking(client):
    citizen, _officer, dossier = await processing_dossier(client)
    booked = await book(client, citizen, dossier["id"])
    gone = await client.post(f"/v1/dossiers/{dossier['id']}/withdraw", json={}, headers=citizen)
    assert gone.status_code == 200, gone.text
    await until(client, state_is(booked["id"], "cancelled"))
    assert (await booking_row(booked["id"]))["sent_at"] is None
