"""What a dossier's detail shows of its fee payment and its postal delivery, so an app draws the
dossier screen from one call: the current payment (the latest attempt: its state, amount and,
once paid, where its receipt is) and the current delivery booking (state, waybill, promised
window).

Read here from the tables of the payments and postal domains (they import dossiers, not the
other way round). The detail is kept in memory (dossiers/views.py), so every write of a payment
attempt, a receipt or a booking announces its dossier (core.changes); the structural test
tests/jobs/test_cached_rows_are_announced_when_written.py keeps it so."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from core.db.compiled import Compiled
from models.payments import PaymentAttempt, PaymentReceipt
from models.postal import DeliveryBooking

PAID = ("succeeded", "refunded")  # the states in which an attempt has its receipt

# Compiled (core/db/compiled.py): read with every detail that is not kept in memory.
_LATEST_ATTEMPT = Compiled(lambda dossier_id: PaymentAttempt.select(
    PaymentAttempt.id, PaymentAttempt.method, PaymentAttempt.state, PaymentAttempt.amount,
    PaymentAttempt.purpose, PaymentAttempt.created_at, PaymentAttempt.settled_at,
).where(PaymentAttempt.dossier == dossier_id).order_by(
    PaymentAttempt.created_at, ascending=False).order_by(
    PaymentAttempt.id, ascending=False).limit(1))
_RECEIPT = Compiled(lambda attempt_id: PaymentReceipt.select(PaymentReceipt.number).where(
    PaymentReceipt.attempt == attempt_id).limit(1))
_LATEST_BOOKING = Compiled(lambda dossier_id: DeliveryBooking.select(
    DeliveryBooking.id, DeliveryBooking.state, DeliveryBooking.partner,
    DeliveryBooking.waybill, DeliveryBooking.promised_earliest,
    DeliveryBooking.promised_latest, DeliveryBooking.failed_attempts,
    DeliveryBooking.postage_amount, DeliveryBooking.postage_payment,
    DeliveryBooking.postage_paid_at, DeliveryBooking.updated_at,
).where(DeliveryBooking.dossier == dossier_id).order_by(
    DeliveryBooking.created_at, ascending=False).order_by(
    DeliveryBooking.id, ascending=False).limit(1))


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


async def current_payment(dossier_id: uuid.UUID) -> dict[str, Any] | None:
    attempt = await _LATEST_ATTEMPT.first(dossier_id=dossier_id)
    if attempt is None:
        return None
    base = f"/v1/payments/{attempt['id']}"
    receipt = None
    if attempt["state"] in PAID:
        row = await _RECEIPT.first(attempt_id=attempt["id"])
        receipt = {"number": row["number"], "href": f"{base}/receipt"} if row else None
    return {"id": str(attempt["id"]), "state": attempt["state"], "method": attempt["method"],
            "amount": attempt["amount"], "currency": "VND", "purpose": attempt["purpose"],
            "created_at": _time(attempt["created_at"]),
            "settled_at": _time(attempt["settled_at"]),
            "receipt": receipt, "links": {"self": base,
                                          "all": f"/v1/dossiers/{dossier_id}/payments"}}


async def current_delivery(dossier_id: uuid.UUID) -> dict[str, Any] | None:
    booking = await _LATEST_BOOKING.first(dossier_id=dossier_id)
    if booking is None:
        return None
    earliest, latest = booking["promised_earliest"], booking["promised_latest"]
    return {"id": str(booking["id"]), "state": booking["state"], "partner": booking["partner"],
            "waybill": booking["waybill"],
            "promised_window": {"earliest": earliest.isoformat() if earliest else None,
                                "latest": latest.isoformat() if latest else None},
            "failed_attempts": booking["failed_attempts"],
            "postage": {"amount": booking["postage_amount"], "currency": "VND",
                        "payment": booking["postage_payment"],
                        "paid_at": _time(booking["postage_paid_at"])},
            "updated_at": _time(booking["updated_at"]),
            "links": {"self": f"/v1/dossiers/{dossier_id}/delivery"}}
