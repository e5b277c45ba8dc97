"""Handing bookings to partners: once the result is ready (status 9), exactly once per booking.

`send` marks the booking sent with a guarded update (`sent_at IS NULL`) and calls the partner's
`book` in the same transaction; `book` only records work (a webhook message, an outbox job). So a
retried or concurrent send hands a booking over once, and a rolled-back one not at all."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from core import clock
from core.changes import announce
from core.db import transaction
from jobs.spec import GiveUp
from models.catalogue import Agency
from models.dossiers import Dossier
from models.postal import DeliveryBooking
from postal import charges, partner, timeline

log = logging.getLogger("motcua.postal")


async def view_of(booking: dict[str, Any]) -> partner.BookingView:
    dossier = await Dossier.select(Dossier.code, Dossier.agency).where(
        Dossier.id == booking["dossier"]).first()
    assert dossier is not None  # the booking's dossier: a foreign key
    agency = await Agency.select().where(Agency.id == dossier["agency"]).first()
    assert agency is not None  # the dossier's agency: a foreign key
    return partner.BookingView(
        id=str(booking["id"]), dossier_code=dossier["code"] or "",
        sender={"unit_code": agency["unit_code"], "name": agency["name_vi"],
                "province_code": agency["province_code"]},
        recipient={"name": booking["recipient_name"], "phone": booking["recipient_phone"],
                   "street": booking["street"], "commune_code": booking["commune_code"],
                   "commune_name": booking["commune_name"],
                   "province_code": booking["province_code"],
                   "province_name": booking["province_name"]},
        postage_amount=booking["postage_amount"], postage_payment=booking["postage_payment"],
        route_class=booking["route_class"], promised_latest=booking["promised_latest"],
        waybill=booking["waybill"],
    )


async def send(booking_id: uuid.UUID | str) -> bool:
    """Hand the booking to its partner if not done yet; True when this call did it."""
    booking_id = uuid.UUID(str(booking_id))
    async with transaction():
        marked = await DeliveryBooking.update({
            DeliveryBooking.sent_at: clock.now(),
            DeliveryBooking.version: DeliveryBooking.version + 1,
        }).where((DeliveryBooking.id == booking_id) & DeliveryBooking.sent_at.is_null()
                 & (DeliveryBooking.state == "requested")).returning(DeliveryBooking.id)
        if not marked:
            return False
        booking = await DeliveryBooking.select().where(DeliveryBooking.id == booking_id).first()
        assert booking is not None  # marked above
        await announce("dossier", booking["dossier"])  # its detail shows the delivery
        booking = await charges.collect_on_delivery_if_unpaid(booking)
        plugin = partner.get(booking["partner"])
        if plugin is None:
            raise GiveUp(f"postal partner {booking['partner']} is not installed")
        await plugin.book(await view_of(booking))
        await timeline.record(booking_id, "sent", {"partner": booking["partner"]})
    log.info("booking %s handed to %s", booking_id, booking["partner"])
    return True


async def cancel(booking: dict[str, Any]) -> None:
    """Tell the partner (inside the caller's transaction) that a sent booking is off."""
    plugin = partner.get(booking["partner"])
    if plugin is not None and booking["sent_at"] is not None:
        await plugin.cancel(await view_of(booking))


async def send_booking_job(payload: dict[str, Any]) -> None:
    await send(payload["booking_id"])


async def on_result_ready(payload: dict[str, Any]) -> None:
    """`dossier.result_ready`: send the dossier's live booking, if it has one."""
    booking = await DeliveryBooking.select(DeliveryBooking.id).where(
        (DeliveryBooking.dossier == uuid.UUID(payload["dossier_id"]))
        & DeliveryBooking.live_key.is_not_null()).first()
    if booking is not None:
        await send(booking["id"])
