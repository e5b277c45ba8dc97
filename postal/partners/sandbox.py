"""`sandbox`: a postal partner for embedded mode that delivers every booking by itself.

Booking schedules delayed outbox jobs that, one after another, sign the partner's callbacks
(accepted with a waybill → picked up → in transit → delivered) with the sandbox endpoint's
inbound secret and hand them to `postal.callbacks.receive` — the function behind
POST /v1/callbacks/postal/sandbox — so verification, deduplication and the effects (dossier
status 10) are the real ones. Refused in production (core.settings refuses sandbox providers)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from core import clock
from core.db import transaction
from core.plugins import FollowsSettings
from jobs.outbox import enqueue
from jobs.spec import GiveUp
from postal import webhooks
from postal.partner import PARTNERS, BookingView, PartnerStatus
from postal.webhooks.signing import signed_headers

STEP_JOB = "postal.sandbox_step"
STEPS = ("accepted", "picked_up", "in_transit", "delivered")
SECONDS_BETWEEN_STEPS = 2.0


def waybill_of(booking_id: str) -> str:
    return f"SBX{uuid.UUID(booking_id).hex[:10].upper()}VN"


async def schedule(booking_id: str, step: int) -> None:
    async with transaction():  # joins the caller's transaction when there is one
        await enqueue(STEP_JOB, {"booking_id": booking_id, "step": step},
                      dedup_key=f"postal-sandbox:{booking_id}:{step}",
                      delay_seconds=SECONDS_BETWEEN_STEPS)


async def signed_callback(booking_id: str, step: int) -> tuple[bytes, dict[str, str]]:
    secret = await webhooks.inbound_secret(SandboxPost.name)
    if secret is None:
        raise GiveUp("the sandbox postal endpoint is not configured")
    data: dict[str, Any] = {"booking_id": booking_id}
    if STEPS[step] == "accepted":
        data["waybill"] = waybill_of(booking_id)
    now = clock.now()
    body = json.dumps({"type": f"delivery.{STEPS[step]}", "timestamp": now.isoformat(),
                       "data": data})
    # One message id per booking and step: a re-run step is a redelivery, deduplicated.
    headers = signed_headers(secret, f"sbx_{uuid.UUID(booking_id).hex}_{step}", body, now)
    return body.encode(), headers


async def step_job(payload: dict[str, Any]) -> None:
    from postal.callbacks import receive  # the callback route's own pipeline

    booking_id, step = payload["booking_id"], int(payload["step"])
    body, headers = await signed_callback(booking_id, step)
    answer = await receive(SandboxPost.name, body, headers)
    if answer["outcome"] == "applied" or answer["outcome"] == "duplicate":
        if step + 1 < len(STEPS):
            await schedule(booking_id, step + 1)


class SandboxPost(FollowsSettings):
    name = "sandbox"

    async def book(self, booking: BookingView) -> None:
        if self.core.production or not self.core.sandbox_providers:
            raise GiveUp("the sandbox postal partner is off")  # the booking stays unsent
        await schedule(booking.id, 0)

    async def cancel(self, booking: BookingView) -> None:
        return None  # the next step finds the booking cancelled and stops (stale)

    async def status(self, booking: BookingView) -> PartnerStatus | None:
        return None


PARTNER = PARTNERS.register(SandboxPost())
