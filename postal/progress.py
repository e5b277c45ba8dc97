"""Applying a partner's news to a booking, all in one transaction: the timeline row (deduplicated
by the partner's message id), the guarded state move, its outbox topic and its effects —
"delivered" hands the result over (dossier status 10), a second failed attempt returns the result
to the agency, freeing the dossier for a new booking or collection at the counter."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from core import clock
from core.db import transaction
from dossiers import transitions
from dossiers.rows import dossier_row
from dossiers.transitions import Actor
from models.dossiers import Dossier
from models.postal import DeliveryBooking, DeliveryEvent
from postal import states, timeline
from postal.problems import DeliveryNotFound
from workdays.deadlines import working_days_after
from workdays.store import load_calendar

# Decision 45/2016: two failed attempts, two working days apart, then back to the agency.
MAX_ATTEMPTS = 2
DAYS_BETWEEN_ATTEMPTS = 2
GUARDED_RETRIES = 3


@dataclass(frozen=True)
class PartnerEvent:
    message_id: str  # webhook-id: deduplicates redeliveries
    event: str  # accepted | picked_up | in_transit | attempt_failed | delivered | returned
    booking_id: str
    waybill: str | None = None
    reason: str = ""
    next_attempt_on: dt.date | None = None
    occurred_at: dt.datetime | None = None


async def _booking(partner: str, booking_id: str) -> dict[str, Any]:
    try:
        key = uuid.UUID(booking_id)
    except ValueError:
        raise DeliveryNotFound() from None
    # Another partner's booking is "not found" too: a partner learns nothing of others'.
    found = await DeliveryBooking.select().where(
        (DeliveryBooking.id == key) & (DeliveryBooking.partner == partner)).first()
    if found is None:
        raise DeliveryNotFound()
    return found


async def apply_event(partner: str, news: PartnerEvent) -> str:
    """applied | duplicate | stale"""
    async with transaction():
        booking = await _booking(partner, news.booking_id)
        detail = {key: value for key, value in (("waybill", news.waybill),
                                                ("reason", news.reason),
                                                ("next_attempt_on", news.next_attempt_on)) if value}
        event_id = await timeline.record(booking["id"], news.event, detail,
                                         dedup_key=f"{partner}:{news.message_id}",
                                         at=news.occurred_at)
        if event_id is None:
            return "duplicate"
        for _ in range(GUARDED_RETRIES):
            moved = await _move(booking, news)
            if moved is not None:
                await _effects(partner, moved, news)
                return "applied"
            fresh = await DeliveryBooking.select().where(
                DeliveryBooking.id == booking["id"]).first()
            assert fresh is not None  # bookings are never deleted
            if fresh["version"] == booking["version"]:
                break  # no edge from its state: old news
            booking = fresh
        await DeliveryEvent.update({DeliveryEvent.outcome: "stale"}).where(
            DeliveryEvent.id == event_id)
        return "stale"


async def _move(booking: dict[str, Any], news: PartnerEvent) -> dict[str, Any] | None:
    if news.event == "accepted":
        return await states.move(booking, "accepted", waybill=(news.waybill or "")[:64] or None)
    if news.event == "attempt_failed":
        calendar = await load_calendar()
        earliest = working_days_after(calendar, clock.now(),
                                      DAYS_BETWEEN_ATTEMPTS).date()
        wanted = news.next_attempt_on
        return await states.move(
            booking, "attempt_failed", failed_attempts=booking["failed_attempts"] + 1,
            last_failure_reason=news.reason[:200],
            next_attempt_on=max(wanted, earliest) if wanted else earliest)
    changes = {"waybill": news.waybill[:64]} if news.waybill and not booking["waybill"] else {}
    return await states.move(booking, news.event, **changes)


async def _effects(partner: str, moved: dict[str, Any], news: PartnerEvent) -> None:
    edge = states.DELIVERY.of_action(news.event)
    await timeline.announce(edge.event, moved, **({"reason": news.reason} if news.reason else {}))
    if moved["state"] == "delivered":
        await _hand_over(partner, moved)
    elif moved["state"] == "attempt_failed" and moved["failed_attempts"] >= MAX_ATTEMPTS:
        back = await states.move(moved, "returned", next_attempt_on=None)
        if back is not None:
            await timeline.record(back["id"], "returned", {"after_failed_attempts":
                                                          back["failed_attempts"]})
            await timeline.announce(states.DELIVERY.of_action("returned").event, back)


async def _hand_over(partner: str, booking: dict[str, Any]) -> None:
    found = await Dossier.select().where(Dossier.id == booking["dossier"]).first()
    assert found is not None  # the booking's dossier: a foreign key
    dossier = dossier_row(found)
    if dossier["state"] != "result_ready":
        return  # handed over at the counter meanwhile: nothing left to move
    await transitions.apply(dossier, "hand_over", Actor("system", f"postal:{partner}"),
                            note="Delivered by post",
                            detail={"booking_id": str(booking["id"]),
                                    "waybill": booking["waybill"]})
