"""Reconciliation: ask the platform about attempts pending too long (their callback may never
come), then expire references past their time. Answers go through the one settle path, under a
message id per (attempt, state) so asking again adds nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from core import clock
from models.payments import PaymentAttempt
from payments import registry, service
from payments.attempts import AttemptRow, attempt_row, view_of
from payments.settle import apply_event

log = logging.getLogger("motcua.payments")

STUCK_AFTER = dt.timedelta(minutes=15)


async def stuck(older_than: dt.timedelta = STUCK_AFTER, limit: int = 200) -> list[AttemptRow]:
    cutoff = clock.now() - older_than
    rows = await PaymentAttempt.select().where(
        PaymentAttempt.state.is_in(["created", "pending"]) & (PaymentAttempt.created_at < cutoff)
    ).order_by(PaymentAttempt.created_at).limit(limit)
    return [attempt_row(row) for row in rows]


async def query_pending(older_than: dt.timedelta = STUCK_AFTER) -> int:
    """Ask each provider about its long-pending attempts; returns how many were applied."""
    applied = 0
    for attempt in await stuck(older_than):
        provider = registry.get(attempt["provider"])
        if provider is None:
            continue
        try:
            event = await provider.fetch_status(await view_of(attempt))
        except Exception as exc:  # noqa: BLE001 - one platform down must not stop the sweep
            log.warning("status query failed for %s: %s", attempt["provider"], type(exc).__name__)
            continue
        if event is None or event.outcome == "pending":
            continue
        event = dataclasses.replace(
            # With the amount: a corrected answer about the same transaction is news.
            event, message_id=f"query:{attempt['id']}:{event.outcome}:{event.amount}",
            provider_ref=event.provider_ref or attempt["provider_ref"],
            reference=event.reference or attempt["reference"], kind=event.kind or "query")
        if await apply_event(provider.name, event) == "applied":
            applied += 1
    return applied


async def expire_stale() -> int:
    rows = await PaymentAttempt.select().where(
        PaymentAttempt.state.is_in(["created", "pending"])
        & (PaymentAttempt.expires_at < clock.now())
    )
    expired = 0
    for attempt in map(attempt_row, rows):
        if await service.expire(attempt):
            expired += 1
    return expired


async def sweep() -> None:
    await query_pending()
    await expire_stale()
