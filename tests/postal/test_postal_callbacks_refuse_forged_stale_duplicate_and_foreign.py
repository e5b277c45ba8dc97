"""Partner callbacks: only an authentic, fresh, first delivery about the partner's own booking
changes anything. Forged, stale, duplicate, unknown and another partner's — refused or ignored,
each leaving the booking and its timeline as they were."""

import datetime as dt
import uuid

from postal.webhooks import endpoints
from tests.postal_support import (
    booking_row,
    event_count,
    partner_endpoint,
    post_callback,
    sent_booking,
    signed,
)


async def snapshot(booking_id: str) -> tuple:
    row = await booking_row(booking_id)
    return row["state"], row["version"], row["waybill"], await event_count(booking_id)


async def test_callbacks_are_verified_deduplicated_and_scoped_to_the_partner(client, monkeypatch):
    _citizen, _officer, _dossier, booked = await sent_booking(client, monkeypatch, "vnpost")
    secret = await endpoints.inbound_secret("vnpost")
    body, headers = signed(secret, "accepted", booked["id"], message_id="msg_1",
                           waybill="EK123456789VN")
    first = await post_callback(client, "vnpost", body, headers)
    assert first.status_code == 200 and first.json()["outcome"] == "applied"
    before = await snapshot(booked["id"])
    assert before[0] == "booked" and before[2] == "EK123456789VN"

    # The same message again (a redelivery, even re-signed later): 200, nothing changes.
    again_body, again_headers = signed(secret, "picked_up", booked["id"], message_id="msg_1")
    again = await post_callback(client, "vnpost", again_body, again_headers)
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert await snapshot(booked["id"]) == before

    # Forged: signed with a secret that is not the partner's.
    forged_body, forged_headers = signed(endpoints.new_secret(), "delivered", booked["id"])
    forged = await post_callback(client, "vnpost", forged_body, forged_headers)
    assert forged.status_code == 401
    assert forged.json()["type"].endswith("/callback-signature-invalid")
    # Tampered: a genuine signature over another body.
    tampered = await post_callback(client, "vnpost", forged_body, again_headers)
    assert tampered.status_code == 401
    # Stale: genuinely signed ten minutes ago.
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    stale_body, stale_headers = signed(secret, "delivered", booked["id"], at=old)
    assert (await post_callback(client, "vnpost", stale_body, stale_headers)).status_code == 401
    # Unsigned.
    assert (await post_callback(client, "vnpost", stale_body,
                                {"content-type": "application/json"})).status_code == 401
    assert await snapshot(booked["id"]) == before

    # Unknown booking, and a malformed one: not found, nothing recorded.
    unknown_body, unknown_headers = signed(secret, "delivered", str(uuid.uuid4()))
    unknown = await post_callback(client, "vnpost", unknown_body, unknown_headers)
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/delivery-not-found")
    odd_body, odd_headers = signed(secret, "delivered", "not-a-booking")
    assert (await post_callback(client, "vnpost", odd_body, odd_headers)).status_code == 404
    assert await snapshot(booked["id"]) == before


async def test_another_partners_booking_is_not_found(client, monkeypatch):
    _citizen, _officer, _dossier, booked = await sent_booking(client, monkeypatch, "vnpost")
    other_secret, _key = await partner_endpoint("sandbox")
    before = await snapshot(booked["id"])
    body, headers = signed(other_secret, "delivered", booked["id"])
    refused = await post_callback(client, "sandbox", body, headers)
    assert refused.status_code == 404
    assert refused.json()["type"].endswith("/delivery-not-found")
    assert "vnpost" not in refused.text
    assert await snapshot(booked["id"]) == before


async def test_unknown_partner_and_malformed_message(client, monkeypatch):
    _citizen, _officer, _dossier, booked = await sent_booking(client, monkeypatch, "vnpost")
    secret = await endpoints.inbound_secret("vnpost")
    body, headers = signed(secret, "accepted", booked["id"])
    nobody = await post_callback(client, "nobodypost", body, headers)
    assert nobody.status_code == 404
    assert nobody.json()["type"].endswith("/unknown-postal-partner")
    # Accepted without its waybill, or an unknown event type: 400, nothing recorded.
    before = await snapshot(booked["id"])
    for event in ("accepted", "teleported"):
        bad_body, bad_headers = signed(secret, event, booked["id"])
        bad = await post_callback(client, "vnpost", bad_body, bad_headers)
        assert bad.status_code == 400 and bad.json()["type"].endswith("/callback-malformed")
    assert await snapshot(booked["id"]) == before
