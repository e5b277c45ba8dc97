"""`vnpost`: the public postal service (bưu chính công ích), reached over HTTP.

Bookings and cancellations go out as signed Standard Webhooks through postal/webhooks (recorded
in the caller's transaction, delivered through the outbox with retries, never lost). The partner
reports back through POST /v1/callbacks/postal/vnpost ("accepted" with the waybill, then
progress); there is nothing to ask it."""

from __future__ import annotations

from core.settings import Settings
from postal import webhooks
from postal.partner import PARTNERS, BookingView, PartnerStatus


class VnPost:
    name = "vnpost"

    def configure(self, settings: Settings) -> None:
        return None  # its endpoint and secrets are kept per partner (`motcua partner add`)

    async def book(self, booking: BookingView) -> None:
        await webhooks.send(self.name, "booking.requested", booking.payload(),
                            dedup_key=f"booking:{booking.id}")

    async def cancel(self, booking: BookingView) -> None:
        await webhooks.send(self.name, "booking.cancelled",
                            {"booking_id": booking.id, "dossier_code": booking.dossier_code,
                             "waybill": booking.waybill},
                            dedup_key=f"booking-cancel:{booking.id}")

    async def status(self, booking: BookingView) -> PartnerStatus | None:
        return None  # the partner reports back; it offers no query


PARTNER = PARTNERS.register(VnPost())
