"""A citizen pays by VietQR or bank transfer and the bank's signed notice arrives at
POST /v1/callbacks/payments/bank_transfer: the exact amount with the reference settles the
dossier once, however often the notice is delivered; a wrong amount, an unknown reference or a
forged notice settles nothing, and the money that did not match is on the review list."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

import zxingcpp
from PIL import Image

from models.payments import PaymentNotice, PaymentReceipt, PaymentReview
from payments.vietqr import parse_payload
from tests.bank_notice_support import OTHER_SECRET, notice_body, signed_headers
from tests.dossier_factories import JUDICIAL, officer_headers
from tests.payment_support import (
    dossier_awaiting_payment,
    dossier_state,
    payment_topics_fixture,  # noqa: F401 - the `payment_topics` fixture
    published,
    start,
)

NOTICES = "/v1/callbacks/payments/bank_transfer"


async def _notify(client, body: bytes, **signing):
    return await client.post(NOTICES, content=body, headers=signed_headers(body, **signing))


async def _payment(client, method: str):
    citizen, dossier = await dossier_awaiting_payment(client)
    started = await start(client, citizen, dossier["id"], method)
    assert started.status_code == 201, started.text
    return citizen, dossier, started.json()


async def test_vietqr_paid_by_bank_notice_settles_the_dossier(client, payment_topics):
    citizen, dossier, payment = await _payment(client, "vietqr")
    checkout = payment["checkout"]
    qr = parse_payload(checkout["qr_payload"])
    assert qr.amount == payment["amount"] == 200_000
    assert qr.bill_number == payment["reference"] and payment["reference"] in qr.purpose
    image = await client.get(f"/v1/payments/{payment['id']}/qr", headers=citizen)
    assert image.headers["content-type"] == "image/png"
    [symbol] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.content)),
                                      formats=zxingcpp.BarcodeFormat.QRCode)
    assert symbol.text == checkout["qr_payload"]

    # The bank echoes the content uppercased, without spaces, inside its own text.
    content = f"MBVCB.8812.{qr.purpose.upper().replace(' ', '')}.CT tu 0123456789 NGUYEN VAN AN"
    answer = await _notify(client, notice_body(content, 200_000))
    assert answer.status_code == 200 and answer.json() == {"ok": True}

    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    receipt = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
    assert receipt.status_code == 200 and receipt.json()["amount"] == 200_000
    assert len(await published("payment.succeeded")) == 1


async def test_notice_delivered_many_times_settles_once(client, payment_topics):
    citizen, dossier, payment = await _payment(client, "bank_transfer")
    body = notice_body(payment["checkout"]["content"], 200_000)
    headers = signed_headers(body, message_id="msg_bank_0001")
    answers = await asyncio.gather(
        *[client.post(NOTICES, content=body, headers=headers) for _ in range(5)]
    )
    answers.append(await client.post(NOTICES, content=body, headers=headers))
    assert [a.status_code for a in answers] == [200] * 6
    assert await PaymentNotice.count().where(PaymentNotice.message_id == "msg_bank_0001") == 1
    assert await PaymentReceipt.count() == 1
    assert await PaymentReview.count() == 0
    assert len(await published("payment.succeeded")) == 1
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_wrong_amount_goes_to_review_and_settles_nothing(client):
    citizen, dossier, payment = await _payment(client, "bank_transfer")
    content = payment["checkout"]["content"]
    under = await _notify(client, notice_body(content, 150_000))
    over = await _notify(client, notice_body(content, 250_000))
    assert under.status_code == over.status_code == 200  # received; an officer decides

    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "pending"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"
    officer = await officer_headers(client, JUDICIAL)
    items = (await client.get("/v1/officer/payments/review/", headers=officer)).json()["items"]
    assert [(i["reason"], i["amount"], i["expected_amount"], i["payment_id"]) for i in items] == [
        ("underpaid", 150_000, 200_000, payment["id"]),
        ("overpaid", 250_000, 200_000, payment["id"]),
    ]


async def test_unknown_reference_goes_to_review(client):
    await _payment(client, "bank_transfer")
    answer = await _notify(client, notice_body("UNG HO QUY VAC XIN", 200_000))
    assert answer.status_code == 200
    [review] = await PaymentReview.select()
    assert review["reason"] == "unknown_reference" and review["attempt"] is None


async def test_forged_or_stale_notice_changes_nothing(client):
    citizen, dossier, payment = await _payment(client, "vietqr")
    body = notice_body(payment["checkout"]["content"], 200_000)
    forged = await _notify(client, body, secret=OTHER_SECRET)
    stale = await _notify(client, body, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10))
    unsigned = await client.post(NOTICES, content=body)
    assert forged.status_code == stale.status_code == unsigned.status_code == 401
    assert await PaymentNotice.count() == 0 and await PaymentReview.count() == 0
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "pending"
