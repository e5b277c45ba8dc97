"""Postage paid with the fee: what payments charges for a booking, and marking it paid.

Registered with payments/extras.py (payments never imports postal): a live booking whose citizen
chose `with_fee` and whose postage is unpaid adds a postage line to the dossier's next payment —
with the fee while it is unpaid, alone once it is paid. The settling transaction marks it paid.
Unpaid when the result leaves, it is collected on delivery instead."""

from __future__ import annotations

import logging
import uuid

from core import clock
from core.changes import announce
from models.postal import DeliveryBooking
from payments import extras

KIND = "postage"
log = logging.getLogger("motcua.postal")


async def postage_due(dossier_id: uuid.UUID) -> list[extras.Charge]:
    booking = await DeliveryBooking.select(
        DeliveryBooking.id, DeliveryBooking.postage_amount
    ).where(
        (DeliveryBooking.live_key == dossier_id)
        & (DeliveryBooking.postage_payment == "with_fee")
        & DeliveryBooking.postage_paid_attempt.is_null()
        & (DeliveryBooking.postage_amount > 0)
    ).first()
    if booking is None:
        return []
    return [extras.Charge(KIND, str(booking["id"]), booking["postage_amount"],
                          "Cước bưu chính", "Postage")]


async def mark_postage_paid(booking_id: str, attempt_id: uuid.UUID) -> None:
    """Inside the settling transaction; a booking is marked paid once, by the first payment."""
    marked = await DeliveryBooking.update({
        DeliveryBooking.postage_paid_attempt: attempt_id,
        DeliveryBooking.postage_paid_at: clock.now(),
    }).where((DeliveryBooking.id == uuid.UUID(booking_id))
             & DeliveryBooking.postage_paid_attempt.is_null()).returning(DeliveryBooking.id)
    if not marked:
        log.warning("postage of booking %s was already paid (payment %s)", booking_id, attempt_id)
        return
    booking = await DeliveryBooking.select(DeliveryBooking.dossier).where(
        DeliveryBooking.id == uuid.UUID(booking_id)).first()
    await announce("dossier", booking["dossier"])  # its detail shows the postage paid


async def no_longer_owed(booking: dict) -> None:
    """The booking was cancelled or returned, or left unpaid for collection on delivery: an open
    payment including its postage must not go on. In the caller's transaction."""
    if booking["postage_payment"] == "with_fee" and booking["postage_paid_attempt"] is None:
        await extras.withdrawn(booking["dossier"])


async def collect_on_delivery_if_unpaid(booking: dict) -> dict:
    """When the result leaves (the booking goes to the partner), postage chosen with the fee but
    not paid is collected on delivery instead: the partner is told so, and the citizen is no
    longer asked to pay it online. In the sending transaction."""
    if booking["postage_payment"] != "with_fee" or booking["postage_paid_attempt"] is not None:
        return booking
    switched = await DeliveryBooking.update({DeliveryBooking.postage_payment: "on_delivery"}).where(
        (DeliveryBooking.id == booking["id"]) & DeliveryBooking.postage_paid_attempt.is_null()
    ).returning(DeliveryBooking.id)
    if not switched:  # paid this very moment
        return await DeliveryBooking.select().where(DeliveryBooking.id == booking["id"]).first()
    await announce("dossier", booking["dossier"])  # its detail shows how postage is paid
    await no_longer_owed(booking)
    return {**booking, "postage_payment": "on_delivery"}


async def postage_spent(booking_id: str) -> bool:
    """Postage is used once the booking was handed to the partner (the result left)."""
    row = await DeliveryBooking.select(DeliveryBooking.sent_at).where(
        DeliveryBooking.id == uuid.UUID(booking_id)).first()
    return row is not None and row["sent_at"] is not None


def register() -> None:
    extras.register(KIND, due=postage_due, paid=mark_postage_paid, spent=postage_spent)
