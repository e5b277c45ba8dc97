"""A live booking is cancelled when its dossier no longer needs it: the result was handed over at
the counter, or the dossier closed without one (withdrawn, refused, stopped). The partner is told
if it already had the booking; a booking already on its way is left to the partner's news."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from core.db import transaction
from models.postal import DeliveryBooking
from postal import states, timeline
from postal.dispatch import cancel as tell_partner

log = logging.getLogger("motcua.postal")

CLOSING_TOPICS = ("dossier.result_returned", "dossier.withdrawn", "dossier.refused",
                  "dossier.stopped")


async def on_dossier_closed(payload: dict[str, Any]) -> None:
    async with transaction():
        booking = await DeliveryBooking.select().where(
            (DeliveryBooking.dossier == uuid.UUID(payload["dossier_id"]))
            & DeliveryBooking.live_key.is_not_null()).first()
        if booking is None:
            return
        moved = await states.move(booking, "cancel")
        if moved is None:
            return  # delivered (that is what closed the dossier) or already on its way
        await timeline.record(moved["id"], "cancelled", {"because": payload["topic"]})
        await timeline.announce(states.DELIVERY.of_action("cancel").event, moved)
        await tell_partner(moved)
    log.info("booking %s cancelled (%s)", booking["id"], payload["topic"])
