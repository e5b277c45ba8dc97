"""Shared steps of the webhook tests: a configured partner, sending a message, and draining the
outbox with the in-process runner (making scheduled retries due instead of sleeping)."""

from __future__ import annotations

import datetime as dt

from app.domains import all_job_specs
from core.db import transaction
from jobs.runtime import InProcessRuntime
from models.jobs import OutboxEvent
from models.webhooks import WebhookAttempt, WebhookEndpoint, WebhookMessage
from postal import webhooks
from postal.webhooks import endpoints

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # base64 of 24 bytes


async def configure_partner(url: str, partner: str = "vnpost") -> str:
    return await endpoints.add(partner, url, signing_secret=SECRET)


async def send_booking(partner: str = "vnpost", key: str = "booking-1") -> int:
    async with transaction():
        message_id = await webhooks.send(partner, "booking.requested",
                                         {"booking_id": key, "weight_grams": 300}, dedup_key=key)
    assert message_id is not None
    return message_id


def runner() -> InProcessRuntime:
    return InProcessRuntime(all_job_specs(), [])


async def make_due() -> None:
    """Pretend the scheduled time has come for every pending outbox row."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await OutboxEvent.update({OutboxEvent.available_at: past}).where(
        OutboxEvent.status == "pending")


async def drain(times: int = 1) -> None:
    run = runner()
    for _ in range(times):
        while await run.drain_once():
            pass
        await make_due()


async def message(message_id: int) -> dict:
    return await WebhookMessage.select().where(WebhookMessage.id == message_id).first()


async def attempts(message_id: int) -> list[dict]:
    return await WebhookAttempt.select().where(WebhookAttempt.message == message_id).order_by(
        WebhookAttempt.id)


async def endpoint(partner: str = "vnpost") -> dict:
    return await WebhookEndpoint.select().where(WebhookEndpoint.partner == partner).first()


async def delivery_rows() -> list[dict]:
    return await OutboxEvent.select().where(OutboxEvent.job == "postal.webhook_deliver").order_by(
        OutboxEvent.id)


async def settle(rounds: int = 3) -> None:
    """`drain` for tests whose app runs its own in-process runner too: rows that runner is in the
    middle of are waited for (a few seconds at most) rather than skipped."""
    import asyncio

    for _ in range(rounds):
        await drain()
        for _ in range(100):
            if not await OutboxEvent.exists().where(OutboxEvent.status == "running"):
                break
            await asyncio.sleep(0.05)
    await drain()
