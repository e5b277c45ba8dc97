"""Refunds when a paid dossier is refused or stopped: through the provider where it can (a card
platform), otherwise a refund order for an officer to transfer back. The citizen is told through
`payment.refunded`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from core.db import transaction
from models.payments import PaymentAttempt, RefundOrder
from payments import registry, states
from payments.attempts import view_of
from payments.events import announce

log = logging.getLogger("motcua.payments")


async def on_dossier_closed(payload: dict[str, Any]) -> None:
    """Job handler for dossier.refused / dossier.stopped."""
    # The fee's payment and, if any, a postage payment made after it: each is refunded.
    attempts = await PaymentAttempt.select().where(
        (PaymentAttempt.dossier == payload["dossier_id"]) & (PaymentAttempt.state == "succeeded")
    )
    for attempt in attempts:
        await refund(attempt, reason=payload.get("topic", ""))


async def refund(attempt: dict[str, Any], *, reason: str) -> dict[str, Any]:
    order = await _order_for(attempt, reason)
    if order["state"] == "done":
        return order
    provider = registry.get(attempt["provider"])
    # The provider call may be retried (this job retries on error): a provider refunds one
    # attempt once however often it is asked (the card platform keys it by attempt id).
    result = await provider.refund(await view_of(attempt), order["amount"])
    async with transaction():
        if result.done:
            now = dt.datetime.now(dt.UTC)
            await RefundOrder.update({
                RefundOrder.state: "done", RefundOrder.provider_ref: result.provider_ref,
                RefundOrder.completed_at: now,
            }).where(RefundOrder.id == order["id"])
            moved = await states.move(attempt["id"], "refund")
            attempt = moved or attempt
        await announce("payment.refunded", attempt, key=f"refund:{order['id']}:{result.done}",
                       done=result.done, refund_id=order["id"])
    return await RefundOrder.select().where(RefundOrder.id == order["id"]).first()


async def _order_for(attempt: dict[str, Any], reason: str) -> dict[str, Any]:
    async with transaction():
        existing = await RefundOrder.select().where(
            (RefundOrder.attempt == attempt["id"]) & (RefundOrder.reason == reason[:200])
        ).first()
        if existing is not None:
            return existing
        inserted = await RefundOrder.insert(RefundOrder(
            attempt=attempt["id"], dossier=attempt["dossier"], amount=attempt["amount"],
            state="requested", reason=reason[:200],
        )).returning(RefundOrder.id)
    return await RefundOrder.select().where(RefundOrder.id == inserted[0]["id"]).first()
