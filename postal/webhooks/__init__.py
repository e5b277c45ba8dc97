"""Signed outbound webhooks to postal partners (Standard Webhooks), delivered through the outbox.

The postal core calls `send` inside the transaction of the change it announces; the message and
its delivery job exist exactly when the change does. Delivery retries on the Standard Webhooks
schedule (honouring Retry-After), stops on 410, and an operator can replay. Every attempt of one
message carries the same `webhook-id`, so a partner that dedupes by it sees each message once."""

from __future__ import annotations

from typing import Any

from postal.webhooks.endpoints import inbound_secret, partner_for_api_key
from postal.webhooks.messages import record_and_enqueue


async def send(partner: str, event_type: str, payload: dict[str, Any], *,
               dedup_key: str) -> int | None:
    """Record a message for `partner` and schedule its delivery. Call inside
    `core.db.transaction()`. Returns the message id, or None when `dedup_key` was already used
    (the same occurrence sent twice adds nothing)."""
    return await record_and_enqueue(partner, event_type, payload, dedup_key=dedup_key)


__all__ = ["send", "inbound_secret", "partner_for_api_key"]
