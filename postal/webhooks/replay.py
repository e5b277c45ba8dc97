"""Queueing messages again: an operator's replay of one message or a range, and the messages
that waited while an endpoint was disabled. Each replay is a new round with its own outbox row
(dedup key `webhook:<id>:r<round>`); the webhook-id stays the message's own."""

from __future__ import annotations

import datetime as dt

from core.audit import record as audit
from core.db import transaction
from jobs.outbox import enqueue
from models.webhooks import WebhookMessage
from postal.webhooks import endpoints
from postal.webhooks.messages import DELIVER_JOB
from postal.webhooks.problems import (
    ReplayRangeInvalid,
    WebhookMessageNotFound,
    WebhookPartnerNotFound,
)

MAX_RANGE = dt.timedelta(days=31)


async def requeue(message_id: int) -> bool:
    """Start a new delivery round for one message. Call inside `core.db.transaction()`."""
    rows = await WebhookMessage.update({
        WebhookMessage.replays: WebhookMessage.replays + 1,
        WebhookMessage.state: "pending",
        WebhookMessage.round_attempts: 0,
        WebhookMessage.next_at: None,
    }).where(WebhookMessage.id == message_id).returning(WebhookMessage.id, WebhookMessage.replays)
    if not rows:
        return False
    round_ = rows[0]["replays"]
    await enqueue(DELIVER_JOB, {"message_id": message_id, "round": round_},
                  dedup_key=f"webhook:{message_id}:r{round_}")
    return True


async def _audit(action: str, actor: str, subject_type: str, subject_id: str, **detail) -> None:
    await audit(action, actor_kind="admin", actor_id=actor, subject_type=subject_type,
                subject_id=subject_id, detail=detail)


async def replay_one(message_id: int, actor: str) -> None:
    async with transaction():
        if not await requeue(message_id):
            raise WebhookMessageNotFound()
        await _audit("webhook.replay", actor, "webhook_message", str(message_id))


async def replay_range(partner: str, since: dt.datetime, until: dt.datetime,
                       actor: str) -> list[int]:
    """Every message for `partner` created in [since, until), each queued once."""
    if since.tzinfo is None or until.tzinfo is None or not since < until <= since + MAX_RANGE:
        raise ReplayRangeInvalid(detail={
            "vi": "Cần since < until, có múi giờ, cách nhau tối đa 31 ngày",
            "en": "since must be before until, both with a time zone, at most 31 days apart"})
    async with transaction():
        if await endpoints.get(partner) is None:
            raise WebhookPartnerNotFound()
        rows = await WebhookMessage.select(WebhookMessage.id).where(
            (WebhookMessage.partner == partner)
            & (WebhookMessage.created_at >= since)
            & (WebhookMessage.created_at < until)
        ).order_by(WebhookMessage.id)
        ids = [row["id"] for row in rows]
        for message_id in ids:
            await requeue(message_id)
        await _audit("webhook.replay_range", actor, "webhook_endpoint", partner,
                     since=since.isoformat(), until=until.isoformat(), count=len(ids))
    return ids


async def enable(partner: str, actor: str) -> int:
    """Enable the endpoint and queue what waited for it (failed, not dead: a message the partner
    refused with 410 is replayed only on purpose). Returns how many were queued."""
    async with transaction():
        if not await endpoints.enable(partner):
            raise WebhookPartnerNotFound()
        rows = await WebhookMessage.select(WebhookMessage.id).where(
            (WebhookMessage.partner == partner) & (WebhookMessage.state == "failed"))
        for row in rows:
            await requeue(row["id"])
        await _audit("webhook.endpoint_enable", actor, "webhook_endpoint", partner,
                     requeued=len(rows))
    return len(rows)
