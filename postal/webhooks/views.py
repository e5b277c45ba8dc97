"""What operators see: endpoints with their health, and messages with their attempt log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from models.webhooks import WebhookAttempt, WebhookEndpoint, WebhookMessage

STATES = ("pending", "failed", "dead", "delivered")
_UNDELIVERED_FIRST = {state: rank for rank, state in enumerate(STATES)}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _attempt(row: dict) -> dict[str, Any]:
    return {"at": _iso(row["at"]), "status_code": row["status_code"], "error": row["error"] or None,
            "latency_ms": row["latency_ms"], "response_excerpt": row["response_excerpt"]}


async def endpoints() -> list[dict[str, Any]]:
    rows = await WebhookEndpoint.select().order_by(WebhookEndpoint.partner)
    items = []
    for row in rows:
        last = await WebhookAttempt.select().where(
            WebhookAttempt.message.partner == row["partner"]
        ).order_by(WebhookAttempt.id, ascending=False).first()
        undelivered = await WebhookMessage.count().where(
            (WebhookMessage.partner == row["partner"]) & (WebhookMessage.state != "delivered"))
        items.append({
            "partner": row["partner"], "url": row["url"],
            "status": "enabled" if row["enabled"] == "y" else "disabled",
            "disabled_reason": row["disabled_reason"] or None,
            "disabled_at": _iso(row["disabled_at"]), "failing_since": _iso(row["failing_since"]),
            "undelivered": undelivered, "last_attempt": _attempt(last) if last else None,
        })
    return items


async def messages(partner: str | None, state: str | None, limit: int = 100) -> list[dict[str, Any]]:
    query = WebhookMessage.select()
    if partner:
        query = query.where(WebhookMessage.partner == partner)
    if state:
        query = query.where(WebhookMessage.state == state)
    rows = await query.order_by(WebhookMessage.id, ascending=False).limit(limit)
    rows.sort(key=lambda row: _UNDELIVERED_FIRST.get(row["state"], 0))  # stable: newest first within
    attempts: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    if rows:
        for attempt in await WebhookAttempt.select().where(
            WebhookAttempt.message.is_in(list(attempts))
        ).order_by(WebhookAttempt.id):
            attempts[attempt["message"]].append(_attempt(attempt))
    return [{
        "id": row["id"], "webhook_id": row["msg_id"], "partner": row["partner"],
        "event_type": row["event_type"], "state": row["state"],
        "payload": json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"],
        "created_at": _iso(row["created_at"]), "delivered_at": _iso(row["delivered_at"]),
        "next_attempt_at": _iso(row["next_at"]), "replays": row["replays"],
        "attempts": attempts[row["id"]],
    } for row in rows]
