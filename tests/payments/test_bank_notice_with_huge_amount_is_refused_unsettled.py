"""A signed bank notice whose amount no column can hold (10**30 đồng) is a malformed message:
422 problem+json naming /amount, nothing recorded, nothing settled — not a 500 that the bank
would retry for days. The bound is VietQR's own (13 digits)."""

from __future__ import annotations

from models.payments import PaymentNotice, PaymentReceipt, PaymentReview
from payments.amounts import MAX_AMOUNT
from tests.bank_notice_support import notice_body, signed_headers
from tests.payment_support import dossier_awaiting_payment, dossier_state, start

NOTICES = "/v1/callbacks/payments/bank_transfer"


async def test_huge_amount_is_422_and_settles_nothing(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "bank_transfer")).json()
    content = payment["checkout"]["content"]
    for amount in (10**30, MAX_AMOUNT + 1):
        body = notice_body(content, amount)
        answer = await client.post(NOTICES, content=body, headers=signed_headers(body))
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert [e["pointer"] for e in answer.json()["errors"]] == ["/amount"]
    assert await PaymentNotice.count() == 0
    assert await PaymentReview.count() == 0 and await PaymentReceipt.count() == 0
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "pending"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"

    # The exact amount still settles afterwards: the refusals left no trace.
    body = notice_body(content, 200_000)
    settled = await client.post(NOTICES, content=body, headers=signed_headers(body))
    assert settled.status_code == 200
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
