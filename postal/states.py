"""The delivery booking state machine, as data, applied as guarded updates.

Partners' messages arrive late, twice and out of order. Each event moves a booking only from one
of its source states (`… WHERE state IN (…) AND version = :v`), and no edge leads to a lower
RANK: a late "in_transit" after "delivered" finds no edge, is recorded in the timeline as stale,
and changes nothing. Every move runs inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import clock
from core.changes import announce
from models.postal import DeliveryBooking
from postal import charges

STATES = ("requested", "booked", "picked_up", "in_transit", "attempt_failed", "delivered",
          "returned_to_agency", "cancelled")
TERMINAL = frozenset({"delivered", "returned_to_agency", "cancelled"})
# Booking no longer holds the dossier's one live slot: the citizen may book again or collect.
RELEASED = frozenset({"returned_to_agency", "cancelled"})
# How far along a delivery is. A failed attempt is as far as being out for delivery: the courier
# goes out again (attempt_failed → in_transit) without going backwards.
RANK = {"requested": 0, "booked": 1, "picked_up": 2, "in_transit": 3, "attempt_failed": 3,
        "delivered": 4, "returned_to_agency": 4, "cancelled": 4}


@dataclass(frozen=True)
class Edge:
    sources: tuple[str, ...]
    target: str
    topic: str  # published to the outbox (notifications subscribe)


ON_THE_WAY = ("booked", "picked_up", "in_transit", "attempt_failed")
EDGES: dict[str, Edge] = {
    "accepted": Edge(("requested",), "booked", "delivery.booked"),
    "picked_up": Edge(("requested", "booked"), "picked_up", "delivery.picked_up"),
    "in_transit": Edge(("booked", "picked_up", "attempt_failed"), "in_transit",
                       "delivery.in_transit"),
    "attempt_failed": Edge(("booked", "picked_up", "in_transit"), "attempt_failed",
                           "delivery.attempt_failed"),
    "delivered": Edge(ON_THE_WAY, "delivered", "delivery.delivered"),
    "returned": Edge(ON_THE_WAY, "returned_to_agency", "delivery.returned"),
    "cancel": Edge(("requested", "booked"), "cancelled", "delivery.cancelled"),
}
EVENTS = frozenset(EDGES)


def edge_for(event: str, state: str) -> Edge | None:
    edge = EDGES.get(event)
    return edge if edge is not None and state in edge.sources else None


async def move(booking: dict[str, Any], event: str, **changes: Any) -> dict[str, Any] | None:
    """Apply `event` to the booking as read; the updated row, or None when it does not apply
    (no edge from its state, or another writer changed it first)."""
    edge = edge_for(event, booking["state"])
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
    await announce("dossier", moved["dossier"])  # its detail shows the delivery
    if edge.target in RELEASED:
        await charges.no_longer_owed(moved)  # its unpaid postage is no longer owed
    return moved
