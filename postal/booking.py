"""A citizen asks for postal return: checks, quote, promised window, the booking row.

Allowed from submission until the result is handed over, only for services whose result may go
by post (Decision 45/2016 excludes results the law requires be collected in person). The
dossier's one live booking is enforced by the unique `live_key`: of two concurrent requests one
inserts, the other is told the dossier already has one. A booking made once the result is ready
is sent to the partner at once; otherwise the `dossier.result_ready` event sends it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from auth.principal import Principal
from core import clock
from core.changes import announce
from core.db import transaction
from dossiers.access import own_dossier
from dossiers.context import service_by_id
from dossiers.rows import DossierRow
from jobs.outbox import enqueue
from models.catalogue import Agency
from models.dossiers import Dossier
from models.postal import DeliveryBooking
from postal import addresses, partner, timeline
from postal.postage import AGENCY_COMMUNES, Route, route_for
from postal.problems import (
    DeliveryAlreadyBooked,
    DeliveryNotBookableNow,
    DeliveryNotFound,
    PostalReturnNotAvailable,
)
from workdays.deadlines import working_days_after
from workdays.store import load_calendar

BOOKABLE_STATES = frozenset({"submitted", "received", "processing", "supplement_requested",
                             "payment_requested", "result_ready"})
SEND_JOB = "postal.send_booking"


@dataclass(frozen=True)
class DeliveryRequest:
    recipient_name: str
    phone: str
    street: str
    commune_code: str
    province_code: str
    postage_payment: str  # with_fee | on_delivery


async def _agency(agency_id: int) -> dict[str, Any]:
    agency = await Agency.select().where(Agency.id == agency_id).first()
    assert agency is not None  # a dossier's agency: a foreign key
    return agency


async def promised_window(dossier: DossierRow, route: Route,
                          now: dt.datetime) -> tuple[dt.date, dt.date]:
    """J+1 … J+n working days, J being the expected result date if still ahead, else today."""
    calendar = await load_calendar()
    start = max(dossier["due_at"] or now, now)
    earliest = working_days_after(calendar, start, 1).date()
    return earliest, working_days_after(calendar, start, route.working_days).date()


async def request_delivery(principal: Principal, dossier_id: str, wanted: DeliveryRequest,
                           partner_name: str) -> dict[str, Any]:
    dossier = await own_dossier(principal, dossier_id)
    service = await service_by_id(dossier["service"])
    if not (service["postal_eligible"] and service["result_postal"]):
        raise PostalReturnNotAvailable(extra={"service_code": service["code"]})
    if dossier["state"] not in BOOKABLE_STATES:
        raise DeliveryNotBookableNow(extra={"state": dossier["state"]})
    address = addresses.validate(wanted.street, wanted.commune_code, wanted.province_code)
    agency = await _agency(dossier["agency"])
    route = route_for(agency["province_code"], AGENCY_COMMUNES.get(agency["unit_code"]),
                      address.province_code, address.commune_code)
    now = clock.now()
    earliest, latest = await promised_window(dossier, route, now)
    booking_id = uuid.uuid4()
    async with transaction():
        inserted = await DeliveryBooking.insert(DeliveryBooking(
            id=booking_id, dossier=dossier["id"], live_key=dossier["id"], partner=partner_name,
            recipient_name=wanted.recipient_name, recipient_phone=wanted.phone,
            street=address.street, commune_code=address.commune_code,
            commune_name=address.commune_name, province_code=address.province_code,
            province_name=address.province_name, unit_list_version=addresses.DATA_VERSION,
            postage_amount=route.postage, postage_payment=wanted.postage_payment,
            route_class=route.name, promised_earliest=earliest, promised_latest=latest,
        )).on_conflict(target=DeliveryBooking.live_key, action="DO NOTHING").returning(
            DeliveryBooking.id)
        if not inserted:
            raise DeliveryAlreadyBooked()
        # Re-read under the transaction: an officer may have finished meanwhile.
        current = await Dossier.select(Dossier.state).where(Dossier.id == dossier["id"]).first()
        assert current is not None  # the dossier being booked for
        if current["state"] not in BOOKABLE_STATES:
            raise DeliveryNotBookableNow(extra={"state": current["state"]})
        await Dossier.update({Dossier.result_delivery: "postal",
                              Dossier.version: Dossier.version + 1,
                              Dossier.updated_at: now}).where(Dossier.id == dossier["id"])
        await announce("dossier", dossier["id"])
        booking = await DeliveryBooking.select().where(DeliveryBooking.id == booking_id).first()
        assert booking is not None  # inserted above
        await timeline.record(booking_id, "requested", {"route_class": route.name,
                                                        "postage_amount": route.postage})
        await timeline.announce("delivery.requested", booking)
        if current["state"] == "result_ready":
            await enqueue(SEND_JOB, {"booking_id": str(booking_id)},
                          dedup_key=f"postal-send:{booking_id}")
    return booking


async def current_booking(principal: Principal, dossier_id: str) -> dict[str, Any]:
    """The dossier's live booking, else its latest one (returned or cancelled)."""
    dossier = await own_dossier(principal, dossier_id)
    rows = await DeliveryBooking.select().where(
        DeliveryBooking.dossier == dossier["id"]).order_by(DeliveryBooking.created_at,
                                                          ascending=False)
    if not rows:
        raise DeliveryNotFound()
    live = [row for row in rows if row["live_key"] is not None]
    return live[0] if live else rows[0]


def known_partner(name: str) -> bool:
    return partner.get(name) is not None
