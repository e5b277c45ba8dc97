"""Recording messages owed to partners and scheduling their delivery through the outbox."""

from __future__ import annotations

import uuid
from typing import Any

from jobs.outbox import enqueue
from models.webhooks import WebhookMessage

DELIVER_JOB = "postal.webhook_deliver"


async def record_and_enqueue(partner: str, event_type: str, payload: dict[str, Any], *,
                             dedup_key: str) -> int | None:
    insert = WebhookMessage.insert(
        WebhookMessage(
            msg_id=f"msg_{uuid.uuid4().hex}",
            dedup_key=dedup_key,
            partner=partner,
            event_type=event_type,
            payload=payload,
        )
    ).on_conflict(target=WebhookMessage.dedup_key, action="DO NOTHING")
    rows = await insert.returning(WebhookMessage.id)
    if not rows:
        return None
    message_id = rows[0]["id"]
    await enqueue(DELIVER_JOB, {"message_id": message_id}, dedup_key=f"webhook:{message_id}")
    return message_id
