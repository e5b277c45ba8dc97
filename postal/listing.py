"""A partner's own bookings (GET /v1/partner/bookings), in case its webhooks went astray."""

from __future__ import annotations

from typing import Any

from piccolo.query import WhereRaw

from core.problems import Problem, ValidationFailed
from dossiers import cursors
from models.postal import DeliveryBooking
from postal import states
from postal.views import summary

OPEN = tuple(state for state in states.STATES if state not in states.TERMINAL)


def _invalid(parameter: str, detail: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"parameter": parameter, "in": "query",
                                               "detail": detail}]})


async def partner_bookings(partner: str, state: str, cursor: str | None,
                           limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """Oldest first. `state`: "open" (not yet delivered, returned or cancelled), "all", or one
    state. Only bookings already handed to the partner: a requested one is not its business."""
    query = DeliveryBooking.select().where(
        (DeliveryBooking.partner == partner) & DeliveryBooking.sent_at.is_not_null())
    if state == "open":
        query = query.where(DeliveryBooking.state.is_in(list(OPEN)))
    elif state in states.STATES:
        query = query.where(DeliveryBooking.state == state)
    elif state != "all":
        raise _invalid("state", "open, all, or a booking state")
    if cursor:
        try:
            at, last_id = cursors.decode(cursor)
        except cursors.BadCursor:
            raise _invalid("cursor", "Unknown or damaged cursor") from None
        query = query.where(WhereRaw(
            '("delivery_booking"."created_at", "delivery_booking"."id") > ({}, {})', at, last_id))
    rows = await query.order_by(DeliveryBooking.created_at, DeliveryBooking.id).limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = cursors.encode(rows[-1]["created_at"], rows[-1]["id"]) if more else None
    return [summary(row) for row in rows], next_cursor
