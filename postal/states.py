"""The delivery booking state machine, as data (the shape of core/states.py), applied as guarded
updates.

Partners' messages arrive late, twice and out of order. Each event moves a booking only from one
of its source states (`… WHERE state = :from AND version = :v`), and no edge leads to a lower
RANK: a late "in_transit" after "delivered" finds no edge, is recorded in the timeline as stale,
and changes nothing. Every move runs inside the caller's transaction, and changes the booking
only: the caller records it in the timeline and publishes the edge's event, which is all other
domains hear (payments drops postage no longer owed on `delivery.cancelled`/`returned`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from core import clock
from core.changes import announce
from core.states import Edge, Machine
from models.postal import DeliveryBooking


class DeliveryState(StrEnum):
    REQUESTED = "requested"
    BOOKED = "booked"
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    ATTEMPT_FAILED = "attempt_failed"
    DELIVERED = "delivered"
    RETURNED_TO_AGENCY = "returned_to_agency"
    CANCELLED = "cancelled"


S = DeliveryState
STATES: tuple[DeliveryState, ...] = tuple(DeliveryState)
TERMINAL = frozenset({S.DELIVERED, S.RETURNED_TO_AGENCY, S.CANCELLED})
# Booking no longer holds the dossier's one live slot: the citizen may book again or collect.
RELEASED = frozenset({S.RETURNED_TO_AGENCY, S.CANCELLED})
# How far along a delivery is. A failed attempt is as far as being out for delivery: the courier
# goes out again (attempt_failed → in_transit) without going backwards.
RANK = {S.REQUESTED: 0, S.BOOKED: 1, S.PICKED_UP: 2, S.IN_TRANSIT: 3, S.ATTEMPT_FAILED: 3,
        S.DELIVERED: 4, S.RETURNED_TO_AGENCY: 4, S.CANCELLED: 4}

ON_THE_WAY = (S.BOOKED, S.PICKED_UP, S.IN_TRANSIT, S.ATTEMPT_FAILED)
# An action is a partner's event (postal/callbacks.py), or `cancel` (postal/cancelling.py).
DELIVERY: Machine[DeliveryState] = Machine("delivery", DeliveryState, (S.REQUESTED,), TERMINAL, (
    Edge("accepted", (S.REQUESTED,), S.BOOKED, "delivery.booked"),
    Edge("picked_up", (S.REQUESTED, S.BOOKED), S.PICKED_UP, "delivery.picked_up"),
    Edge("in_transit", (S.BOOKED, S.PICKED_UP, S.ATTEMPT_FAILED), S.IN_TRANSIT,
         "delivery.in_transit"),
    Edge("attempt_failed", (S.BOOKED, S.PICKED_UP, S.IN_TRANSIT), S.ATTEMPT_FAILED,
         "delivery.attempt_failed"),
    Edge("delivered", ON_THE_WAY, S.DELIVERED, "delivery.delivered"),
    Edge("returned", ON_THE_WAY, S.RETURNED_TO_AGENCY, "delivery.returned"),
    Edge("cancel", (S.REQUESTED, S.BOOKED), S.CANCELLED, "delivery.cancelled"),
))


async def move(booking: dict[str, Any], event: str, **changes: Any) -> dict[str, Any] | None:
    """Apply `event` to the booking as read; the updated row, or None when it does not apply
    (no edge from its state, or another writer changed it first)."""
    edge = DELIVERY.edge(event, booking["state"])
    if edge is None:
        return None
    values = {getattr(DeliveryBooking, name): value for name, value in changes.items()}
    if edge.target in RELEASED:
        values[DeliveryBooking.live_key] = None
    changed = await DeliveryBooking.update({
        **values, DeliveryBooking.state: edge.target,
        DeliveryBooking.version: DeliveryBooking.version + 1,
        DeliveryBooking.updated_at: clock.now(),
    }).where(
        (DeliveryBooking.id == booking["id"]) & (DeliveryBooking.state == booking["state"])
        & (DeliveryBooking.version == booking["version"])
    ).returning(DeliveryBooking.id)
    if not changed:
        return None
    moved = await DeliveryBooking.select().where(DeliveryBooking.id == booking["id"]).first()
    assert moved is not None  # moved above
    await announce("dossier", moved["dossier"])  # its detail shows the delivery
    return moved
