"""One call per screen: a dossier's detail carries its current payment (id, state, amount, the
receipt once paid) and its delivery booking (state, waybill, promised window, postage). The
detail is kept in memory with Redis (dossiers/views.py), so each change of the payment or the
booking must show at the next read — and its ETag must change with it."""

from __future__ import annotations

from cache_support import bus_connected, with_caches

from tests.auth_helpers import client_with
from tests.bank_notice_support import notice_body, signed_headers
from tests.payment_support import dossier_awaiting_payment, start
from tests.postal_support import book

NOTICES = "/v1/callbacks/payments/bank_transfer"
FEE = 200_000


async def _read(client, citizen, dossier_id, etag: str | None = None):
    headers = {**citizen, **({"If-None-Match": etag} if etag else {})}
    return await client.get(f"/v1/dossiers/{dossier_id}", headers=headers)


async def _walk(client) -> None:
    citizen, dossier = await dossier_awaiting_payment(client)
    first = await _read(client, citizen, dossier["id"])
    assert first.json()["payment"] is None and first.json()["delivery"] is None
    etag = first.headers["etag"]
    assert (await _read(client, citizen, dossier["id"], etag)).status_code == 304

    booked = await book(client, citizen, dossier["id"], postage_payment="with_fee")
    shown = await _read(client, citizen, dossier["id"], etag)
    assert shown.status_code == 200  # the booking changed the detail, not the dossier's version
    delivery = shown.json()["delivery"]
    assert delivery["id"] == booked["id"] and delivery["state"] == "requested"
    assert delivery["postage"]["payment"] == "with_fee" and delivery["postage"]["paid_at"] is None
    assert delivery["links"]["self"] == f"/v1/dossiers/{dossier['id']}/delivery"
    assert delivery["promised_window"] == booked["promised_window"]
    postage = delivery["postage"]["amount"]

    payment = (await start(client, citizen, dossier["id"], "bank_transfer")).json()
    shown = (await _read(client, citizen, dossier["id"])).json()["payment"]
    assert shown["id"] == payment["id"] and shown["state"] == "pending"
    assert shown["amount"] == FEE + postage and shown["receipt"] is None
    assert shown["links"] == {"self": f"/v1/payments/{payment['id']}",
                              "all": f"/v1/dossiers/{dossier['id']}/payments"}
    before_paying = (await _read(client, citizen, dossier["id"])).headers["etag"]

    body = notice_body(payment["checkout"]["content"], FEE + postage)
    assert (await client.post(NOTICES, content=body,
                              headers=signed_headers(body))).status_code == 200
    after = await _read(client, citizen, dossier["id"], before_paying)
    assert after.status_code == 200
    detail = after.json()
    assert detail["state"] == "processing"
    assert detail["payment"]["state"] == "succeeded" and detail["payment"]["settled_at"]
    receipt = detail["payment"]["receipt"]
    assert receipt["href"] == f"/v1/payments/{payment['id']}/receipt"
    issued = (await client.get(receipt["href"], headers=citizen)).json()
    assert issued["number"] == receipt["number"]
    assert detail["delivery"]["postage"]["paid_at"] is not None


async def test_detail_shows_payment_and_delivery_and_follows_their_changes(client):
    await _walk(client)


async def test_a_detail_kept_in_memory_follows_payment_and_delivery(db, settings, redis_url):
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        await _walk(client)


async def test_a_draft_has_neither(client):
    from tests.dossier_factories import JUDICIAL, citizen_headers, draft

    citizen = await citizen_headers(client)
    body = await draft(client, citizen, JUDICIAL)
    assert body["payment"] is None and body["delivery"] is None
