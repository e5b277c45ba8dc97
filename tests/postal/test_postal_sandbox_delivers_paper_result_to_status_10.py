"""The full path in embedded mode: a paper result becomes ready → the booking goes to the sandbox
partner → its signed callbacks (accepted, picked up, in transit, delivered) → dossier status 10."""

from tests.postal_support import (
    book,
    booking_row,
    dossier_state,
    drain,
    finish_on_paper,
    listen_to_delivery_topics,
    processing_dossier,
    published,
    until,
)


def delivered(booking_id: str):
    async def check() -> bool:
        return (await booking_row(booking_id))["state"] == "delivered"
    return check


async def test_sandbox_partner_delivers_and_the_dossier_reaches_status_10(client, monkeypatch):
    listen_to_delivery_topics(monkeypatch)
    citizen, officer, dossier = await processing_dossier(client)
    booked = await book(client, citizen, dossier["id"])
    await drain(client)
    assert (await booking_row(booked["id"]))["sent_at"] is None  # no result yet: nothing sent

    await finish_on_paper(client, officer, dossier["id"])
    await until(client, delivered(booked["id"]), skip_delays=True)

    seen = (await client.get(f"/v1/dossiers/{dossier['id']}/delivery", headers=citizen)).json()
    assert seen["state"] == "delivered"
    assert seen["waybill"].startswith("SBX")
    kinds = [item["kind"] for item in seen["timeline"]]
    assert kinds == ["requested", "sent", "accepted", "picked_up", "in_transit", "delivered"]
    state = await dossier_state(dossier["id"])
    assert (state["state"], state["status_code"]) == ("result_returned", 10)
    history = (await client.get(f"/v1/dossiers/{dossier['id']}/history", headers=citizen)).json()
    assert "dossier.result_returned" in str(history)
    topics = [event["topic"] for event in await published()]
    assert topics == ["delivery.requested", "delivery.booked", "delivery.picked_up",
                      "delivery.in_transit", "delivery.delivered"]
    assert "0912345678" not in str(await published())  # no recipient data in the outbox


async def test_a_booking_made_after_the_result_is_ready_is_sent_at_once(client):
    citizen, officer, dossier = await processing_dossier(client, result_delivery="postal")
    await finish_on_paper(client, officer, dossier["id"])
    await drain(client)
    booked = await book(client, citizen, dossier["id"])
    await until(client, delivered(booked["id"]), skip_delays=True)
    assert (await dossier_state(dossier["id"]))["status_code"] == 10
