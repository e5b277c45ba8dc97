"""A partner's late "in transit" after "delivered" is recorded as stale and changes nothing."""

from tests.postal_support import booking_row, dossier_state, partner_says, sent_booking


async def test_late_in_transit_after_delivered_changes_nothing(client, monkeypatch):
    citizen, _officer, dossier, booked = await sent_booking(client, monkeypatch, "vnpost")
    for event, extra in (("accepted", {"waybill": "EK000000001VN"}), ("delivered", {})):
        answer = await partner_says(client, "vnpost", event, booked["id"], **extra)
        assert answer.json()["outcome"] == "applied", answer.text
    delivered = await booking_row(booked["id"])
    assert (await dossier_state(dossier["id"]))["status_code"] == 10

    late = await partner_says(client, "vnpost", "in_transit", booked["id"])
    assert late.status_code == 200 and late.json()["outcome"] == "stale"
    after = await booking_row(booked["id"])
    assert (after["state"], after["version"]) == ("delivered", delivered["version"])
    assert (await dossier_state(dossier["id"]))["state"] == "result_returned"
    seen = (await client.get(f"/v1/dossiers/{dossier['id']}/delivery", headers=citizen)).json()
    assert seen["state"] == "delivered"
    assert seen["timeline"][-1] == {**seen["timeline"][-1], "kind": "in_transit", "stale": True}
