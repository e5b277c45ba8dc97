"""Postage paid with the fee: what is charged for a booking, and marking it paid.

Registered as a charge of the dossier (dossiers/charges.py; payments and postal never import each
other): a live booking whose citizen chose `with_fee` and whose postage is unpaid adds a postage
line to the dossier's next payment — with the fee while it is unpaid, alone once it is paid. The
settling transaction marks it paid. Unpaid when the result leaves, it is collected on delivery
instead, and `postal.postage_on_delivery` says so; a booking cancelled or returned says so by
its own event. Payments hears these and drops an open payment that still includes the postage."""

from __future__ import annotations

import logging
import uuid

from core import clock
from core.changes import announce
from dossiers import charges
from models.postal import DeliveryBooking
from postal import timeline

KIND = "postage"
# Not a `delivery.*` topic: the citizen's notices follow the booking, not how postage is paid.
POSTAGE_ON_DELIVERY = "postal.postage_on_delivery"
log = logging.getLogger("motcua.postal")


async def postage_due(dossier_id: uuid.UUID) -> list[charges.Charge]:
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
    return [charges.Charge(KIND, str(booking["id"]), booking["postage_amount"],
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
    assert booking is not None  # marked above
    await announce("dossier", booking["dossier"])  # its detail shows the postage paid


async def collect_on_delivery_if_unpaid(booking: dict) -> dict:
    """When the result leaves (the booking goes to the partner), postage chosen with the fee but
    not paid is collected on delivery instead: the partner is told so, and the citizen is no
    longer asked to pay it online. In the sending transaction, with its event."""
    if booking["postage_payment"] != "with_fee" or booking["postage_paid_attempt"] is not None:
        return booking
    switched = await DeliveryBooking.update({DeliveryBooking.postage_payment: "on_delivery"}).where(
        (DeliveryBooking.id == booking["id"]) & DeliveryBooking.postage_paid_attempt.is_null()
    ).returning(DeliveryBooking.id)
    if not switched:  # paid this very moment
        current = await DeliveryBooking.select().where(DeliveryBooking.id == booking["id"]).first()
        assert current is not None  # bookings are never deleted
        return current
    await announce("dossier", booking["dossier"])  # its detail shows how postage is paid
    booking = {**booking, "postage_payment": "on_delivery"}
    await timeline.announce(POSTAGE_ON_DELIVERY, booking)
    return booking


async def postage_spent(booking_id: str) -> bool:
    """Postage is used once the booking was handed to the partner (the result left)."""
    row = await DeliveryBooking.select(DeliveryBooking.sent_at).where(
        DeliveryBooking.id == uuid.UUID(booking_id)).first()
    return row is not None and row["sent_at"] is not None


def register() -> None:
    charges.register(KIND, due=postage_due, paid=mark_postage_paid, spent=postage_spent)
