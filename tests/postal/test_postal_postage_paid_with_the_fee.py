"""Postage chosen "with the fee" is paid in the dossier's payment: fee + postage in one attempt
(lines, receipt, the booking marked paid when it settles); on delivery it is not charged; booked
after the fee was paid, the postage alone is payable once; a booking cancelled while such a
payment is pending cancels that payment, and the next one charges what is owed now; postage
still unpaid when the result leaves is collected on delivery instead."""

from __future__ import annotations

import uuid

from models.payments import PaymentAttempt
from postal.cancelling import on_dossier_closed
from tests.payment_support import (
    callback,
    dossier_awaiting_payment,
    dossier_state,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    paid,
    start,
)
from tests.postal_support import (
    book,
    booking_row,
    finish_on_paper,
    partner_endpoint,
    processing_dossier,
    route_bookings_to,
    until,
)

FEE = 200_000  # the judicial record fee (postal-eligible, paid online)
POSTAGE_LINE = {"code": "postage", "name_vi": "Cước bưu chính", "name_en": "Postage"}


async def test_with_fee_pays_fee_and_postage_and_marks_the_booking_paid(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    booked = await book(client, citizen, dossier["id"], postage_payment="with_fee")
    postage = booked["postage"]["amount"]
    assert postage > 0

    payment = (await start(client, citizen, dossier["id"])).json()
    assert payment["amount"] == FEE + postage and payment["purpose"] == "fee+postage"
    assert fakepay.starts[-1].amount == FEE + postage
    assert [line["amount"] for line in payment["lines"]] == [FEE, postage]
    assert {**payment["lines"][1], "amount": None} == {**POSTAGE_LINE, "charge": "postage",
                                                       "amount": None}

    assert (await callback(client, paid(payment))).status_code == 200
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    row = await booking_row(booked["id"])
    assert row["postage_paid_attempt"] == uuid.UUID(payment["id"])
    tracked = (await client.get(f"/v1/dossiers/{dossier['id']}/delivery",
                                headers=citizen)).json()
    assert tracked["postage"]["paid_at"] is not None
    receipt = (await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)).json()
    assert receipt["amount"] == FEE + postage
    assert [line["amount"] for line in receipt["fee_lines"]] == [FEE, postage]
    assert receipt["fee_lines"][1]["name_vi"] == "Cước bưu chính"


async def test_on_delivery_charges_the_fee_only(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    booked = await book(client, citizen, dossier["id"], postage_payment="on_delivery")

    payment = (await start(client, citizen, dossier["id"])).json()
    assert payment["amount"] == FEE and payment["purpose"] == "fee"
    assert [line["amount"] for line in payment["lines"]] == [FEE]
    assert (await callback(client, paid(payment))).status_code == 200
    assert (await booking_row(booked["id"]))["postage_paid_attempt"] is None


async def test_postage_booked_after_the_fee_is_paid_alone_once(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    fee = (await start(client, citizen, dossier["id"])).json()
    assert (await callback(client, paid(fee))).status_code == 200
    booked = await book(client, citizen, dossier["id"], postage_payment="with_fee")
    postage = booked["postage"]["amount"]

    payment = (await start(client, citizen, dossier["id"])).json()
    assert payment["amount"] == postage and payment["purpose"] == "postage"
    assert [line["code"] for line in payment["lines"]] == ["postage"]
    assert (await callback(client, paid(payment, "evt-2"))).status_code == 200

    assert (await PaymentAttempt.select(PaymentAttempt.state).where(
        PaymentAttempt.id == uuid.UUID(payment["id"])).first())["state"] == "succeeded"
    assert (await booking_row(booked["id"]))["postage_paid_attempt"] == uuid.UUID(payment["id"])
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    receipt = (await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)).json()
    assert receipt["amount"] == postage and len(receipt["fee_lines"]) == 1
    again = await start(client, citizen, dossier["id"])
    assert again.status_code == 409 and again.json()["type"].endswith("fee-already-paid")


async def test_cancelled_booking_cancels_the_pending_payment_with_its_postage(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    fee_only = (await start(client, citizen, dossier["id"])).json()
    booked = await book(client, citizen, dossier["id"], postage_payment="with_fee")
    # Booked after a fee-only payment started: starting again replaces it with fee + postage.
    payment = (await start(client, citizen, dossier["id"])).json()
    assert payment["id"] != fee_only["id"]
    assert payment["amount"] == FEE + booked["postage"]["amount"]
    assert fee_only["id"] in fakepay.cancelled

    # Postal cancels the booking its own way (as when the dossier closes); payments hears
    # `delivery.cancelled` and drops the payment that includes the postage.
    await on_dossier_closed({"dossier_id": dossier["id"], "topic": "dossier.withdrawn"})
    assert (await booking_row(booked["id"]))["state"] == "cancelled"

    async def cancelled() -> bool:
        row = await PaymentAttempt.select(PaymentAttempt.state).where(
            PaymentAttempt.id == uuid.UUID(payment["id"])).first()
        return row["state"] == "cancelled"

    await until(client, cancelled)
    assert payment["id"] in fakepay.cancelled
    now = (await start(client, citizen, dossier["id"])).json()
    assert now["amount"] == FEE and now["purpose"] == "fee"


async def test_unpaid_postage_is_collected_on_delivery_once_the_result_leaves(client, fakepay,
                                                                             monkeypatch):
    await partner_endpoint("vnpost")
    route_bookings_to(monkeypatch, "vnpost")
    citizen, officer, dossier = await processing_dossier(client)  # a birth record: no fee
    booked = await book(client, citizen, dossier["id"], postage_payment="with_fee")
    payment = (await start(client, citizen, dossier["id"])).json()
    assert payment["amount"] == booked["postage"]["amount"] and payment["purpose"] == "postage"

    await finish_on_paper(client, officer, dossier["id"])

    async def sent_and_cancelled() -> bool:
        row = await PaymentAttempt.select(PaymentAttempt.state).where(
            PaymentAttempt.id == uuid.UUID(payment["id"])).first()
        return (await booking_row(booked["id"]))["sent_at"] is not None \
            and row["state"] == "cancelled"

    await until(client, sent_and_cancelled)
    assert (await booking_row(booked["id"]))["postage_payment"] == "on_delivery"
    again = await start(client, citizen, dossier["id"])
    assert again.status_code == 409 and again.json()["type"].endswith("no-fee-due")
