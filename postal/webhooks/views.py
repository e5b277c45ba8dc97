"""What operators see: endpoints with their health, and messages with their attempt log. Message
payloads (a recipient's address and phone) are not shown: replaying needs only the id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.webhooks import WebhookAttempt, WebhookEndpoint, WebhookMessage

STATES = ("pending", "failed", "dead", "delivered")  # the order operators see them in


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


async def messages(partner: str | None, state: str | None,
                   limit: int = 100) -> list[dict[str, Any]]:
    """Undelivered first (pending, failed, dead), newest first within each; then delivered."""
    rows: list[dict] = []
    for wanted in STATES:
        if (state and wanted != state) or len(rows) >= limit:
            continue
        query = WebhookMessage.select().where(WebhookMessage.state == wanted)
        if partner:
            query = query.where(WebhookMessage.partner == partner)
        rows += await query.order_by(WebhookMessage.id, ascending=False).limit(limit - len(rows))
    attempts: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    if rows:
        for attempt in await WebhookAttempt.select().where(
            WebhookAttempt.message.is_in(list(attempts))
        ).order_by(WebhookAttempt.id):
            attempts[attempt["message"]].append(_attempt(attempt))
    return [{
        "id": row["id"], "webhook_id": row["msg_id"], "partner": row["partner"],
        "event_type": row["event_type"], "state": row["state"],
        "created_at": _iso(row["created_at"]), "delivered_at": _iso(row["delivered_at"]),
        "next_attempt_at": _iso(row["next_at"]), "replays": row["replays"],
        "attempts": attempts[row["id"]],
    } for row in rows]
