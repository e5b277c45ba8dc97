"""A partner's own bookings (GET /v1/partner/bookings), in case its webhooks went astray."""

from __future__ import annotations

from typing import Any

from models.postal import DeliveryBooking
from postal import states
from postal.views import summary

OPEN = tuple(state for state in states.STATES if state not in states.TERMINAL)
LIMIT = 200


async def partner_bookings(partner: str, state: str) -> list[dict[str, Any]]:
    """`state`: "open" (not yet delivered, returned or cancelled), "all", or one state.
    Only bookings already handed to the partner: a requested one is not its business yet."""
    query = DeliveryBooking.select().where(
        (DeliveryBooking.partner == partner) & DeliveryBooking.sent_at.is_not_null())
    if state == "open":
        query = query.where(DeliveryBooking.state.is_in(list(OPEN)))
    elif state != "all":
        query = query.where(DeliveryBooking.state == state)
    rows = await query.order_by(DeliveryBooking.created_at).limit(LIMIT)
    return [summary(row) for row in rows]
